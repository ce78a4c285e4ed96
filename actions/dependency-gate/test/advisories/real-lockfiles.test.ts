import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  indexAdvisories,
  matchAdvisories,
  type AdvisoryIndex,
} from '../../src/advisories/match.js';
import { loadOsvAdvisories } from '../../src/advisories/osv.js';
import { readDependencyTree } from '../../src/lockfile/read-tree.js';
import { FIXTURES, fixtureProject } from '../helpers.js';

let index: AdvisoryIndex;
beforeAll(async () => {
  const { advisories } = await loadOsvAdvisories([join(FIXTURES, 'advisories')], '/');
  index = indexAdvisories(advisories);
});

async function advisoryIds(name: string): Promise<string[]> {
  const tree = await readDependencyTree(fixtureProject(name));
  return [...new Set(matchAdvisories(tree.packages, index).map((m) => m.advisory.id))].sort();
}

/*
 * Expected ids are derived by hand: the versions installed (from the lockfile) against each
 * advisory's npm ranges ([introduced, fixed)). Listed per advisory; "no" rows explain absences.
 */
describe('matching the 31 real advisories against real lockfiles', () => {
  it('nodegoat (v2)', async () => {
    // 35jh lodash <4.17.21: 4.17.20, 4.17.11, 4.13.1, 2.4.2 (4.17.21 not)
    // jf85 lodash <4.17.12: 4.17.11, 4.13.1, 2.4.2
    // p6mc lodash <4.17.20: 4.17.11, 4.13.1, 2.4.2
    // 5v2h, rrrm marked <4.0.10: 0.3.5
    // 8hfj moment <2.29.2: 2.24.0;  wc69 moment [2.18.0, 2.29.4): 2.24.0
    // 9wv6 path-to-regexp [0, 0.1.10): 0.1.7
    // c2qf semver [0, 5.7.2): 5.7.0, 5.3.0, 5.6.0
    // f2jv handlebars <4.7.7: 4.0.5
    // fjxv form-data [0, 2.5.4): 2.3.3, 2.1.4, 2.0.0, 1.0.1, 0.1.4
    // grv7 braces <3.0.3: 2.3.2, 1.8.5
    // hrpp qs [0, 6.2.4): 5.2.1, 6.2.1, 0.6.6; [6.3.0, 6.3.3): 6.3.2; [6.5.0, 6.5.3): 6.5.2
    // m6fv send <0.19.0: 0.16.2;  pxg6 cookie <0.7.0: 0.3.1
    // qw6h express <4.20.0 and rv95 express <4.19.2: 4.16.4
    // qwcr body-parser <1.20.3: 1.18.3
    // xvch minimist [0, 0.2.4): 0.0.8, 0.0.10; [1.0.0, 1.2.6): 1.2.0, 1.2.5
    // no: 6fc8 ws 1.1.5 is below every range ([5.0.0, 5.2.3), [6.0.0, 6.2.2), [7.0.0, 7.4.6));
    //     no immer, jquery, ejs, axios, follow-redirects, loader-utils, nth-check installed.
    expect(await advisoryIds('nodegoat')).toEqual([
      'GHSA-35jh-r3h4-6jhm',
      'GHSA-5v2h-r2cx-5xgj',
      'GHSA-8hfj-j24r-96c4',
      'GHSA-9wv6-86v2-598j',
      'GHSA-c2qf-rxjj-qqgw',
      'GHSA-f2jv-r9rf-7988',
      'GHSA-fjxv-7rqg-78g4',
      'GHSA-grv7-fg5c-xmjg',
      'GHSA-hrpp-h998-j3pp',
      'GHSA-jf85-cpcp-j695',
      'GHSA-m6fv-jmcg-4jfg',
      'GHSA-p6mc-m468-83gw',
      'GHSA-pxg6-pf52-xh8x',
      'GHSA-qw6h-vgh9-j6wx',
      'GHSA-qwcr-r2fm-qrc7',
      'GHSA-rrrm-qjm4-v8hf',
      'GHSA-rv95-896h-c2vc',
      'GHSA-wc69-rhjr-hc9g',
      'GHSA-xvch-5gv4-984h',
    ]);
  });

  it('nodejs-goof (v2)', async () => {
    // 35jh lodash <4.17.21: 4.17.4, 4.17.10, 4.17.15;  jf85 <4.17.12: 4.17.4, 4.17.10
    // p6mc lodash <4.17.20: 4.17.4, 4.17.10, 4.17.15
    // 5v2h, rrrm marked <4.0.10: 0.3.5
    // 8hfj moment <2.29.2: 2.15.1
    // 9wv6 path-to-regexp [0, 0.1.10): 0.1.3
    // c2qf semver [0, 5.7.2): 1.1.4, 5.5.0, 5.7.0, 5.7.1; [6.0.0, 6.3.1): 6.3.0
    // f2jv handlebars <4.7.7: 4.0.14, 4.0.11
    // fjxv form-data [0, 2.5.4): 2.3.3
    // ghr5 ejs <3.1.10 and phwq ejs <3.1.7: 1.0.0, 0.8.8
    // grv7 braces <3.0.3: 3.0.2, 2.3.2
    // gxr4 jquery [1.2.0, 3.5.0) and jpcq jquery [1.0.3, 3.5.0): 2.2.4
    // hrpp qs [0, 6.2.4): 2.4.2, 2.2.4; [6.5.0, 6.5.3): 6.5.2
    // m6fv send <0.19.0: 0.12.3;  pxg6 cookie <0.7.0: 0.1.2, 0.4.1
    // qw6h, rv95 express: 4.12.4;  qwcr body-parser <1.20.3: 1.9.0
    // xvch minimist: 0.0.8, 0.0.10, 1.2.0, 1.2.5
    // no: wc69 moment [2.18.0, 2.29.4) does not contain 2.15.1.
    expect(await advisoryIds('nodejs-goof')).toEqual([
      'GHSA-35jh-r3h4-6jhm',
      'GHSA-5v2h-r2cx-5xgj',
      'GHSA-8hfj-j24r-96c4',
      'GHSA-9wv6-86v2-598j',
      'GHSA-c2qf-rxjj-qqgw',
      'GHSA-f2jv-r9rf-7988',
      'GHSA-fjxv-7rqg-78g4',
      'GHSA-ghr5-ch3p-vcr6',
      'GHSA-grv7-fg5c-xmjg',
      'GHSA-gxr4-xjj5-5px2',
      'GHSA-hrpp-h998-j3pp',
      'GHSA-jf85-cpcp-j695',
      'GHSA-jpcq-cgw6-v4j6',
      'GHSA-m6fv-jmcg-4jfg',
      'GHSA-p6mc-m468-83gw',
      'GHSA-phwq-j96m-2c2q',
      'GHSA-pxg6-pf52-xh8x',
      'GHSA-qw6h-vgh9-j6wx',
      'GHSA-qwcr-r2fm-qrc7',
      'GHSA-rrrm-qjm4-v8hf',
      'GHSA-rv95-896h-c2vc',
      'GHSA-xvch-5gv4-984h',
    ]);
  });

  it('realworld-express-v3 (v3)', async () => {
    // 8hc4 "Axios" [1.3.2, 1.7.4): axios 1.6.2 (the record spells the name with a capital A;
    //      npm names match regardless of case)
    // jr5f axios <1.8.2: 1.6.2
    // 9wv6 path-to-regexp [0, 0.1.10): 0.1.7
    // cxjh follow-redirects <1.15.6 and jchw <1.15.4: 1.15.3
    // fjxv form-data [4.0.0, 4.0.4): 4.0.0
    // ghr5 ejs <3.1.10: 3.1.9
    // grv7 braces <3.0.3: 3.0.2
    // m6fv send <0.19.0: 0.18.0;  pxg6 cookie <0.7.0: 0.5.0
    // qw6h express <4.20.0 and rv95 <4.19.2: 4.18.2
    // qwcr body-parser <1.20.3: 1.20.1, 1.20.2
    // no: c2qf semver 6.3.1 and 7.5.3/7.5.4 are at or past the fixes 6.3.1 and 7.5.2;
    //     phwq ejs 3.1.9 >= 3.1.7; hrpp qs 6.11.0 is above every range; xvch minimist 1.2.8 >= 1.2.6.
    expect(await advisoryIds('realworld-express-v3')).toEqual([
      'GHSA-8hc4-vh64-cxmj',
      'GHSA-9wv6-86v2-598j',
      'GHSA-cxjh-pqwp-8mfp',
      'GHSA-fjxv-7rqg-78g4',
      'GHSA-ghr5-ch3p-vcr6',
      'GHSA-grv7-fg5c-xmjg',
      'GHSA-jchw-25xp-jwwc',
      'GHSA-jr5f-v2jv-69x6',
      'GHSA-m6fv-jmcg-4jfg',
      'GHSA-pxg6-pf52-xh8x',
      'GHSA-qw6h-vgh9-j6wx',
      'GHSA-qwcr-r2fm-qrc7',
      'GHSA-rv95-896h-c2vc',
    ]);
  });

  it('realworld-react-v1 (v1)', async () => {
    // 33f9 immer <9.0.6: 1.10.0
    // 35jh lodash <4.17.21 and p6mc <4.17.20: 4.17.15 (jf85 <4.17.12: no)
    // 5v2h, rrrm marked <4.0.10: 0.7.0
    // 6fc8 ws [6.0.0, 6.2.2): 6.2.1; [5.0.0, 5.2.3): 5.2.2
    // 76p3 loader-utils [0, 1.4.1): 1.2.3
    // 9wv6 path-to-regexp [0, 0.1.10): 0.1.7; [0.2.0, 1.9.0): 1.7.0
    // c2qf semver [0, 5.7.2): 5.5.0, 5.7.0, 5.7.1; [6.0.0, 6.3.1): 6.1.1, 6.3.0
    // cxjh follow-redirects <1.15.6 and jchw <1.15.4: 1.7.0
    // f2jv handlebars <4.7.7: 4.1.2
    // fjxv form-data [0, 2.5.4): 2.3.3
    // grv7 braces <3.0.3: 2.3.2
    // hrpp qs [6.5.0, 6.5.3): 6.5.2; [6.7.0, 6.7.3): 6.7.0
    // m6fv send <0.19.0: 0.17.1;  pxg6 cookie <0.7.0: 0.4.0
    // qw6h, rv95 express: 4.17.1;  qwcr body-parser <1.20.3: 1.19.0
    // rp65 nth-check <2.0.1: 1.0.2
    // xvch minimist: 0.0.8, 0.0.10, 1.2.0
    // no: jf85 (lodash 4.17.15 >= 4.17.12); no moment, jquery, ejs or axios installed.
    expect(await advisoryIds('realworld-react-v1')).toEqual([
      'GHSA-33f9-j839-rf8h',
      'GHSA-35jh-r3h4-6jhm',
      'GHSA-5v2h-r2cx-5xgj',
      'GHSA-6fc8-4gx4-v693',
      'GHSA-76p3-8jx3-jpfq',
      'GHSA-9wv6-86v2-598j',
      'GHSA-c2qf-rxjj-qqgw',
      'GHSA-cxjh-pqwp-8mfp',
      'GHSA-f2jv-r9rf-7988',
      'GHSA-fjxv-7rqg-78g4',
      'GHSA-grv7-fg5c-xmjg',
      'GHSA-hrpp-h998-j3pp',
      'GHSA-jchw-25xp-jwwc',
      'GHSA-m6fv-jmcg-4jfg',
      'GHSA-p6mc-m468-83gw',
      'GHSA-pxg6-pf52-xh8x',
      'GHSA-qw6h-vgh9-j6wx',
      'GHSA-qwcr-r2fm-qrc7',
      'GHSA-rp65-9cf3-cjxr',
      'GHSA-rrrm-qjm4-v8hf',
      'GHSA-rv95-896h-c2vc',
      'GHSA-xvch-5gv4-984h',
    ]);
  });

  it('reports fixed-in and whether the parent range allows it (nodegoat marked, express)', async () => {
    const tree = await readDependencyTree(fixtureProject('nodegoat'));
    const matches = matchAdvisories(tree.packages, index);
    const marked = matches.find((m) => m.advisory.id === 'GHSA-5v2h-r2cx-5xgj')!;
    // package.json pins marked to exactly 0.3.5: the fix 4.0.10 needs a manifest change.
    expect(marked).toMatchObject({ fixedIn: '4.0.10', parentAllowsFix: false });
    const express = matches.find((m) => m.advisory.id === 'GHSA-rv95-896h-c2vc')!;
    // express ^4.13.4 admits 4.19.2.
    expect(express).toMatchObject({ fixedIn: '4.19.2', parentAllowsFix: true });
    expect(express.aliases).toEqual(['CVE-2024-29041']);
  });
});
