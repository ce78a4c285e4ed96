export const id = 102;
export const ids = [102];
export const modules = {

/***/ 58102:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DEPENDENCY_SCOPES: () => (/* reexport */ DEPENDENCY_SCOPES),
  DenyRuleSchema: () => (/* reexport */ DenyRuleSchema),
  DepsExceptionSchema: () => (/* reexport */ DepsExceptionSchema),
  DepsPolicySchema: () => (/* reexport */ DepsPolicySchema),
  LicensePolicySchema: () => (/* reexport */ LicensePolicySchema),
  RULES: () => (/* reexport */ RULES),
  TOOL: () => (/* reexport */ gate_TOOL),
  TOOL_VERSION: () => (/* reexport */ TOOL_VERSION),
  checkLicenses: () => (/* reexport */ checkLicenses),
  compilePathPattern: () => (/* reexport */ compilePathPattern),
  cvss3BaseScore: () => (/* reexport */ cvss3BaseScore),
  cvss4Severity: () => (/* reexport */ cvss4Severity),
  detectLockfile: () => (/* reexport */ detectLockfile),
  evaluateAdvisory: () => (/* reexport */ evaluateAdvisory),
  evaluateGate: () => (/* reexport */ evaluateGate),
  hasLockfile: () => (/* reexport */ hasLockfile),
  indexAdvisories: () => (/* reexport */ indexAdvisories),
  introducedFindings: () => (/* reexport */ introducedFindings),
  loadNpmAuditReport: () => (/* reexport */ loadNpmAuditReport),
  loadOsvAdvisories: () => (/* reexport */ loadOsvAdvisories),
  matchAdvisories: () => (/* reexport */ matchAdvisories),
  parseNpmAuditReport: () => (/* reexport */ parseNpmAuditReport),
  parseOsvRecord: () => (/* reexport */ parseOsvRecord),
  readBaseTree: () => (/* reexport */ readBaseTree),
  readDependencyTree: () => (/* reexport */ readDependencyTree),
  renderVulnerabilityTable: () => (/* reexport */ renderVulnerabilityTable),
  resolveDepsPolicy: () => (/* reexport */ resolveDepsPolicy),
  runDependencyGate: () => (/* reexport */ runDependencyGate)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ../action-kit/src/policy.ts
var src_policy = __webpack_require__(6026);
// EXTERNAL MODULE: ../action-kit/src/errors.ts
var errors = __webpack_require__(68691);
// EXTERNAL MODULE: ../action-kit/src/format.ts
var format = __webpack_require__(59423);
// EXTERNAL MODULE: ../findings/src/finding.ts
var src_finding = __webpack_require__(14734);
// EXTERNAL MODULE: ../../node_modules/semver/index.js
var semver = __webpack_require__(90084);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
;// CONCATENATED MODULE: ../../actions/dependency-gate/src/advisories/match.ts


const compiled = new WeakMap();
/** Parses an advisory's versions once; later evaluations reuse the parsed form. */
function compile(advisory) {
    let c = compiled.get(advisory);
    if (c)
        return c;
    c = {
        intervals: advisory.intervals.map((i) => {
            const end = i.fixed ?? i.lastAffected;
            return {
                lo: i.introduced ? new (semver_default()).SemVer(i.introduced) : undefined,
                hi: end ? new (semver_default()).SemVer(end) : undefined,
                hiInclusive: i.fixed === undefined && i.lastAffected !== undefined,
                fixed: i.fixed,
            };
        }),
        ranges: advisory.ranges.flatMap((r) => {
            try {
                return [new (semver_default()).Range(r, { includePrerelease: true })];
            }
            catch {
                return [];
            }
        }),
        versions: new Set(advisory.versions.map((v) => semver_default().clean(v) ?? v)),
    };
    compiled.set(advisory, c);
    return c;
}
/** Whether `version` is affected, and the fixed version of the interval it lies in. */
function evaluateAdvisory(advisory, version) {
    const c = compile(advisory);
    let affected = false;
    let fixedIn;
    for (const i of c.intervals) {
        if (i.lo && semver_default().compare(version, i.lo) < 0)
            continue;
        if (i.hi) {
            const cmp = semver_default().compare(version, i.hi);
            if (cmp > 0 || (cmp === 0 && !i.hiInclusive))
                continue;
        }
        affected = true;
        fixedIn ??= i.fixed;
    }
    for (const range of c.ranges) {
        if (!range.test(version))
            continue;
        affected = true;
        fixedIn ??= upperBoundOf(range, version);
    }
    if (!affected && c.versions.has(version.version))
        affected = true;
    return affected ? { affected, fixedIn } : { affected };
}
/** For `<1.2.3` (or `>=1.0.0 <1.2.3 || ...`), the exclusive upper bound of the matching part. */
function upperBoundOf(range, version) {
    for (const set of range.set) {
        if (!set.every((comparator) => comparator.test(version)))
            continue;
        const upper = set.find((comparator) => comparator.operator === '<');
        if (upper)
            return upper.semver.version;
    }
    return undefined;
}
/** Indexes advisories by package name (npm names are unique regardless of case). */
function indexAdvisories(...sets) {
    const index = new Map();
    for (const set of sets) {
        for (const advisory of set) {
            const key = advisory.package.toLowerCase();
            const list = index.get(key);
            if (list)
                list.push(advisory);
            else
                index.set(key, [advisory]);
        }
    }
    return index;
}
const SOURCE_ORDER = { osv: 0, github: 1, 'npm-audit': 2 };
/**
 * Matches installed packages against the index: only each package's own advisories are
 * evaluated. Workspace packages and links are never matched against registry advisories.
 * The same advisory from several sources (linked by id or alias) yields one match.
 */
function matchAdvisories(packages, index) {
    const matches = [];
    for (const pkg of packages) {
        if (pkg.link)
            continue;
        const candidates = index.get(pkg.name.toLowerCase());
        if (!candidates)
            continue;
        const version = semver_default().parse(pkg.version);
        if (!version)
            continue;
        const hits = [];
        for (const advisory of candidates) {
            const result = evaluateAdvisory(advisory, version);
            if (result.affected)
                hits.push({ advisory, fixedIn: result.fixedIn });
        }
        for (const group of groupByIdentity(hits))
            matches.push(toMatch(pkg, group));
    }
    return matches;
}
/** Groups hits whose ids or aliases overlap (union-find over the id strings). */
function groupByIdentity(hits) {
    if (hits.length <= 1)
        return hits.map((h) => [h]);
    const parent = hits.map((_, i) => i);
    const find = (i) => (parent[i] === i ? i : (parent[i] = find(parent[i])));
    const owner = new Map();
    hits.forEach((hit, i) => {
        for (const id of [hit.advisory.id, ...hit.advisory.aliases]) {
            const key = id.toUpperCase();
            const j = owner.get(key);
            if (j === undefined)
                owner.set(key, i);
            else
                parent[find(i)] = find(j);
        }
    });
    const groups = new Map();
    hits.forEach((hit, i) => {
        const root = find(i);
        const list = groups.get(root);
        if (list)
            list.push(hit);
        else
            groups.set(root, [hit]);
    });
    return [...groups.values()];
}
function toMatch(pkg, group) {
    group.sort((a, b) => SOURCE_ORDER[a.advisory.source] - SOURCE_ORDER[b.advisory.source] ||
        (0,src_finding/* severityRank */.qs)(b.advisory.severity) - (0,src_finding/* severityRank */.qs)(a.advisory.severity));
    const primary = group[0];
    const ids = new Set();
    for (const { advisory } of group)
        for (const id of [advisory.id, ...advisory.aliases])
            ids.add(id);
    ids.delete(primary.advisory.id);
    const fixedIn = primary.fixedIn ?? group.find((g) => g.fixedIn)?.fixedIn;
    const match = {
        pkg,
        advisory: primary.advisory,
        aliases: [...ids].sort(),
        sources: [...new Set(group.map((g) => g.advisory.source))],
    };
    if (fixedIn) {
        match.fixedIn = fixedIn;
        const allows = parentAllowsFix(pkg, fixedIn);
        if (allows !== undefined)
            match.parentAllowsFix = allows;
    }
    return match;
}
/**
 * True when every dependent's declared range admits the fixed version; false when one does
 * not or the package is bundled (its bundler must be upgraded); undefined when no range is
 * a semver range (git or tarball dependencies).
 */
function parentAllowsFix(pkg, fixedIn) {
    if (pkg.bundled)
        return false;
    const specs = (pkg.requested ?? [])
        .map((r) => (r.spec.startsWith('npm:') ? r.spec.slice(r.spec.lastIndexOf('@') + 1) : r.spec))
        .filter((spec) => semver_default().validRange(spec) !== null);
    if (specs.length === 0)
        return undefined;
    return specs.every((spec) => semver_default().satisfies(fixedIn, spec, { includePrerelease: true }));
}

// EXTERNAL MODULE: ../../node_modules/fflate/esm/index.mjs
var esm = __webpack_require__(56238);
;// CONCATENATED MODULE: ../../actions/dependency-gate/src/advisories/cvss.ts
const AV = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const AC = { L: 0.77, H: 0.44 };
const PR_UNCHANGED = { N: 0.85, L: 0.62, H: 0.27 };
const PR_CHANGED = { N: 0.85, L: 0.68, H: 0.5 };
const UI = { N: 0.85, R: 0.62 };
const CIA = { H: 0.56, L: 0.22, N: 0 };
/** Parses `CVSS:3.1/AV:N/...` into its metrics; undefined when a base metric is missing. */
function parseVector(vector, prefix) {
    const parts = vector.trim().split('/');
    if (!prefix.test(parts[0] ?? ''))
        return undefined;
    const metrics = new Map();
    for (const part of parts.slice(1)) {
        const [key, value] = part.split(':');
        if (!key || !value || metrics.has(key))
            return undefined;
        metrics.set(key, value);
    }
    return metrics;
}
/** CVSS v3.1 Roundup: the smallest number with one decimal that is at least the input. */
function roundUp(value) {
    const scaled = Math.round(value * 100_000);
    return scaled % 10_000 === 0 ? scaled / 100_000 : (Math.floor(scaled / 10_000) + 1) / 10;
}
/**
 * The CVSS v3.0/v3.1 base score of a vector (`CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H`),
 * from the formula of the v3.1 specification (section 7.1); undefined for a malformed vector.
 */
function cvss3BaseScore(vector) {
    const m = parseVector(vector, /^CVSS:3\.[01]$/);
    if (!m)
        return undefined;
    const scope = m.get('S');
    if (scope !== 'U' && scope !== 'C')
        return undefined;
    const changed = scope === 'C';
    const av = AV[m.get('AV') ?? ''];
    const ac = AC[m.get('AC') ?? ''];
    const pr = (changed ? PR_CHANGED : PR_UNCHANGED)[m.get('PR') ?? ''];
    const ui = UI[m.get('UI') ?? ''];
    const c = CIA[m.get('C') ?? ''];
    const i = CIA[m.get('I') ?? ''];
    const a = CIA[m.get('A') ?? ''];
    if ([av, ac, pr, ui, c, i, a].some((v) => v === undefined))
        return undefined;
    const iss = 1 - (1 - c) * (1 - i) * (1 - a);
    const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 : 6.42 * iss;
    const exploitability = 8.22 * av * ac * pr * ui;
    if (impact <= 0)
        return 0;
    return changed
        ? roundUp(Math.min(1.08 * (impact + exploitability), 10))
        : roundUp(Math.min(impact + exploitability, 10));
}
/**
 * A severity for a CVSS v4.0 base vector.
 *
 * Limitation: CVSS v4 scores come from a table of 270 macro-vectors that is not implemented
 * here; this coarse mapping looks at the impact on the vulnerable and subsequent systems and at
 * how easy the attack is. It is used only when an advisory has neither a database severity nor
 * a v3 vector, and can be one level off the official score's rating.
 */
function cvss4Severity(vector) {
    const m = parseVector(vector, /^CVSS:4\.0$/);
    if (!m)
        return undefined;
    const level = (key) => ({ H: 2, L: 1, N: 0 })[m.get(key) ?? ''];
    const vulnerable = ['VC', 'VI', 'VA'].map(level);
    const subsequent = ['SC', 'SI', 'SA'].map(level);
    if ([...vulnerable, ...subsequent].some((v) => v === undefined))
        return undefined;
    const av = m.get('AV');
    if (!av || !m.get('AC') || !m.get('AT') || !m.get('PR') || !m.get('UI'))
        return undefined;
    const impact = Math.max(...vulnerable);
    const anyImpact = impact > 0 || Math.max(...subsequent) > 0;
    if (!anyImpact)
        return 'info';
    const highCount = vulnerable.filter((v) => v === 2).length;
    const remote = av === 'N' || av === 'A';
    const easy = m.get('AC') === 'L' && m.get('AT') === 'N' && m.get('PR') === 'N' && m.get('UI') === 'N';
    if (impact === 2 && remote && easy && highCount >= 2)
        return 'critical';
    if (impact === 2 && remote)
        return 'high';
    if (impact === 2 || (impact === 1 && remote && easy))
        return 'medium';
    return 'low';
}
/** The qualitative rating of a CVSS v3 base score (info for 0.0). */
function severityOfScore(score) {
    if (score >= 9)
        return 'critical';
    if (score >= 7)
        return 'high';
    if (score >= 4)
        return 'medium';
    if (score > 0)
        return 'low';
    return 'info';
}

;// CONCATENATED MODULE: ../../actions/dependency-gate/src/advisories/osv.ts







/** Empty load statistics. */
function emptyStats() {
    return {
        files: 0,
        records: 0,
        advisories: 0,
        withdrawn: 0,
        otherEcosystems: 0,
        invalidFiles: 0,
        invalidRecords: 0,
        invalidRanges: 0,
        unknownSeverity: 0,
        defaultSeverity: 0,
    };
}
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
const isValidVersion = (v) => semver_default().valid(v) !== null;
/**
 * Turns one OSV record into advisories, one per npm package it names. Withdrawn records,
 * other ecosystems, bad ranges and unknown severities are counted in `stats`, never thrown.
 */
function parseOsvRecord(record, stats) {
    stats.records++;
    if (!isObject(record) || typeof record['id'] !== 'string' || !Array.isArray(record['affected'])) {
        stats.invalidRecords++;
        return [];
    }
    if (record['withdrawn'] !== undefined && record['withdrawn'] !== null) {
        stats.withdrawn++;
        return [];
    }
    const id = record['id'];
    const malware = id.startsWith('MAL-');
    // Affected entries of the same package are merged into one advisory.
    const byPackage = new Map();
    let sawNpm = false;
    for (const affected of record['affected']) {
        if (!isObject(affected) || !isObject(affected['package'])) {
            stats.invalidRanges++;
            continue;
        }
        if (affected['package']['ecosystem'] !== 'npm')
            continue;
        sawNpm = true;
        const name = affected['package']['name'];
        if (typeof name !== 'string' || name === '') {
            stats.invalidRanges++;
            continue;
        }
        const entry = byPackage.get(name.toLowerCase()) ?? {
            name,
            intervals: [],
            ranges: [],
            versions: [],
        };
        const ok = readAffected(affected, entry);
        if (!ok)
            stats.invalidRanges++;
        if (entry.intervals.length + entry.ranges.length + entry.versions.length > 0) {
            byPackage.set(name.toLowerCase(), entry);
        }
    }
    if (!sawNpm) {
        stats.otherEcosystems++;
        return [];
    }
    if (byPackage.size === 0)
        return [];
    const severity = malware
        ? { severity: 'critical', from: 'malware' }
        : severityOf(record);
    if (severity === 'unknown') {
        stats.unknownSeverity++;
        return [];
    }
    if (severity.from === 'default')
        stats.defaultSeverity++;
    const aliases = Array.isArray(record['aliases'])
        ? record['aliases'].filter((a) => typeof a === 'string' && a !== id)
        : [];
    const summary = typeof record['summary'] === 'string' ? record['summary'] : '';
    const out = [];
    for (const entry of byPackage.values()) {
        const advisory = {
            id,
            aliases,
            source: 'osv',
            package: entry.name,
            summary,
            severity: severity.severity,
            severityFrom: severity.from,
            intervals: entry.intervals,
            ranges: entry.ranges,
            versions: entry.versions,
            malware,
            url: id.startsWith('GHSA-') ? `https://github.com/advisories/${id}` : undefined,
        };
        if (severity.score !== undefined)
            advisory.cvssScore = severity.score;
        out.push(advisory);
    }
    stats.advisories += out.length;
    return out;
}
/** Reads one `affected` entry; false when part of it was invalid and left out. */
function readAffected(affected, entry) {
    let ok = true;
    const lastKnown = isObject(affected['database_specific'])
        ? affected['database_specific']['last_known_affected_version_range']
        : undefined;
    const upper = typeof lastKnown === 'string' ? parseUpperBound(lastKnown) : undefined;
    if (typeof lastKnown === 'string' && !upper)
        ok = false;
    if (Array.isArray(affected['ranges'])) {
        for (const range of affected['ranges']) {
            if (!isObject(range)) {
                ok = false;
                continue;
            }
            if (range['type'] !== 'SEMVER' && range['type'] !== 'ECOSYSTEM')
                continue;
            const intervals = intervalsOf(range['events']);
            if (!intervals) {
                ok = false;
                continue;
            }
            for (const interval of intervals) {
                // GitHub writes the upper bound it knows when no fixed version exists yet.
                if (!interval.fixed && !interval.lastAffected && upper)
                    Object.assign(interval, upper);
                entry.intervals.push(interval);
            }
        }
    }
    if (Array.isArray(affected['versions'])) {
        for (const v of affected['versions']) {
            if (typeof v === 'string' && isValidVersion(v))
                entry.versions.push(v);
            else
                ok = false;
        }
    }
    return ok;
}
/** `< 1.2.3` or `<= 1.2.3` as the end of an interval. */
function parseUpperBound(text) {
    const match = /^\s*(<=?)\s*v?(\S+)\s*$/.exec(text);
    if (!match || !isValidVersion(match[2]))
        return undefined;
    return match[1] === '<' ? { fixed: match[2] } : { lastAffected: match[2] };
}
/**
 * OSV events as intervals: each `introduced` opens one, the next `fixed` or `last_affected`
 * closes it. Events are sorted by version first, as the OSV schema prescribes for evaluation.
 */
function intervalsOf(events) {
    if (!Array.isArray(events) || events.length === 0)
        return undefined;
    const parsed = [];
    for (const event of events) {
        if (!isObject(event))
            return undefined;
        const keys = Object.keys(event).filter((k) => k !== 'limit');
        if (keys.length !== 1)
            return undefined;
        const kind = keys[0];
        const version = event[kind];
        if (!['introduced', 'fixed', 'last_affected'].includes(kind) || typeof version !== 'string') {
            return undefined;
        }
        if (!(kind === 'introduced' && version === '0') && !isValidVersion(version))
            return undefined;
        parsed.push({ kind, version });
    }
    parsed.sort((a, b) => {
        if (a.version === '0')
            return b.version === '0' ? 0 : -1;
        if (b.version === '0')
            return 1;
        return semver_default().compare(a.version, b.version);
    });
    const intervals = [];
    let open;
    for (const event of parsed) {
        if (event.kind === 'introduced') {
            if (!open)
                open = event.version === '0' ? {} : { introduced: event.version };
        }
        else if (open) {
            if (event.kind === 'fixed')
                open.fixed = event.version;
            else
                open.lastAffected = event.version;
            intervals.push(open);
            open = undefined;
        }
    }
    if (open)
        intervals.push(open);
    return intervals.length > 0 ? intervals : undefined;
}
/**
 * The database's severity first (MODERATE is medium), else a CVSS v3 vector's base score,
 * else a v4 vector's coarse rating, else medium: an advisory without a severity still names a
 * vulnerability, and medium is what GitHub shows for unrated ones.
 */
function severityOf(record) {
    const db = isObject(record['database_specific'])
        ? record['database_specific']['severity']
        : undefined;
    let unknownLabel = false;
    if (typeof db === 'string' && db !== '') {
        const severity = (0,src_finding/* parseSeverity */.lv)(db);
        if (severity)
            return { severity, from: 'database' };
        unknownLabel = true;
    }
    const vectors = Array.isArray(record['severity']) ? record['severity'].filter(isObject) : [];
    for (const v of vectors) {
        if (v['type'] === 'CVSS_V3' && typeof v['score'] === 'string') {
            const score = cvss3BaseScore(v['score']);
            if (score !== undefined)
                return { severity: severityOfScore(score), from: 'cvss-v3', score };
        }
    }
    for (const v of vectors) {
        if (v['type'] === 'CVSS_V4' && typeof v['score'] === 'string') {
            const severity = cvss4Severity(v['score']);
            if (severity)
                return { severity, from: 'cvss-v4' };
        }
    }
    if (unknownLabel || vectors.length > 0)
        return 'unknown';
    return { severity: 'medium', from: 'default' };
}
/**
 * Loads OSV records from folders (recursively) and .zip archives of JSON files, offline.
 * A path that does not exist or holds no OSV record is a configuration error; a bad file among
 * good ones is counted.
 */
async function loadOsvAdvisories(paths, cwd) {
    const stats = emptyStats();
    const advisories = [];
    for (const given of paths) {
        const path = (0,external_node_path_.resolve)(cwd, given);
        const info = await (0,promises_.stat)(path).catch(() => undefined);
        if (!info) {
            throw new errors/* ConfigurationError */.j1(`Advisory source "${given}" does not exist. Give a folder or .zip of OSV JSON files (for example an export of the GitHub Advisory Database).`);
        }
        const before = stats.records - stats.invalidRecords - stats.invalidFiles;
        if (info.isDirectory()) {
            const files = await listJsonFiles(path);
            // Read a few files at a time: sequential reads leave the disk idle, unbounded ones exhaust
            // file handles on large databases.
            for (let i = 0; i < files.length; i += 64) {
                const batch = await Promise.all(files.slice(i, i + 64).map((f) => (0,promises_.readFile)(f)));
                for (const data of batch)
                    addFile(data, stats, advisories);
            }
        }
        else if (path.toLowerCase().endsWith('.zip')) {
            let entries;
            try {
                entries = (0,esm/* unzipSync */.AO)(new Uint8Array(await (0,promises_.readFile)(path)), {
                    filter: (f) => f.name.toLowerCase().endsWith('.json'),
                });
            }
            catch (error) {
                throw new errors/* ConfigurationError */.j1(`Advisory archive "${given}" is not a valid zip file (${error.message}).`);
            }
            for (const data of Object.values(entries))
                addFile(data, stats, advisories);
        }
        else if (path.toLowerCase().endsWith('.json')) {
            addFile(await (0,promises_.readFile)(path), stats, advisories);
        }
        else {
            throw new errors/* ConfigurationError */.j1(`Advisory source "${given}" is neither a folder, a .zip nor a .json file of OSV records.`);
        }
        if (stats.records - stats.invalidRecords - stats.invalidFiles === before) {
            throw new errors/* ConfigurationError */.j1(`Advisory source "${given}" holds no valid OSV JSON record. Check the path; it should contain files such as GHSA-xxxx-xxxx-xxxx.json.`);
        }
    }
    return { advisories, stats };
}
// TextDecoder drops a leading byte order mark (ignoreBOM is false by default).
const decoder = new TextDecoder();
function addFile(data, stats, into) {
    stats.files++;
    let value;
    try {
        value = JSON.parse(decoder.decode(data));
    }
    catch {
        stats.invalidFiles++;
        stats.records++;
        return;
    }
    // A file holds one record, or (as some exports do) an array of them.
    const records = Array.isArray(value) ? value : [value];
    for (const record of records)
        into.push(...parseOsvRecord(record, stats));
}
async function listJsonFiles(dir) {
    const entries = await (0,promises_.readdir)(dir, { recursive: true, withFileTypes: true });
    return entries
        .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.json'))
        .map((e) => (0,external_node_path_.join)(e.parentPath ?? e.path, e.name))
        .sort();
}

;// CONCATENATED MODULE: ../../actions/dependency-gate/src/bom.ts
/**
 * Removes a leading UTF-8 byte order mark. Editors on Windows write one; npm and Arborist
 * accept such files, while JSON.parse rejects them.
 */
function stripBom(text) {
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

;// CONCATENATED MODULE: ../../actions/dependency-gate/src/advisories/npm-audit.ts







const npm_audit_isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * Reads an `npm audit --json` report of npm 7 or later (auditReportVersion 2) as advisories.
 * Each advisory object in a package's `via` list becomes one advisory with npm's vulnerable
 * range; the matcher then evaluates it against the lockfile like any other source.
 */
function parseNpmAuditReport(value, label = 'npm audit report') {
    if (!npm_audit_isObject(value)) {
        throw new errors/* ConfigurationError */.j1(`${label} is not an npm audit JSON report (expected an object).`);
    }
    if (value['auditReportVersion'] !== 2 || !npm_audit_isObject(value['vulnerabilities'])) {
        const old = 'advisories' in value ? ' It looks like the npm 6 format;' : '';
        throw new errors/* ConfigurationError */.j1(`${label} is not an npm 7+ audit report (auditReportVersion 2).${old} Produce it with "npm audit --json" on npm 7 or later.`);
    }
    const stats = emptyStats();
    const advisories = [];
    const seen = new Set();
    stats.files = 1;
    for (const vulnerability of Object.values(value['vulnerabilities'])) {
        if (!npm_audit_isObject(vulnerability) || !Array.isArray(vulnerability['via'])) {
            stats.invalidRecords++;
            continue;
        }
        for (const via of vulnerability['via']) {
            // Strings in `via` name another vulnerable package, which has its own entry.
            if (!npm_audit_isObject(via))
                continue;
            stats.records++;
            const name = via['name'];
            const range = via['range'];
            const severity = typeof via['severity'] === 'string' ? (0,src_finding/* parseSeverity */.lv)(via['severity']) : undefined;
            if (typeof name !== 'string' || typeof range !== 'string') {
                stats.invalidRecords++;
                continue;
            }
            if (semver_default().validRange(range, { includePrerelease: true }) === null) {
                stats.invalidRanges++;
                continue;
            }
            if (!severity) {
                stats.unknownSeverity++;
                continue;
            }
            const url = typeof via['url'] === 'string' ? via['url'] : undefined;
            const ghsa = /GHSA(?:-[23456789cfghjmpqrvwx]{4}){3}/i.exec(url ?? '')?.[0];
            const source = typeof via['source'] === 'number' || typeof via['source'] === 'string'
                ? String(via['source'])
                : undefined;
            const id = ghsa ?? (source ? `NPM-${source}` : undefined);
            if (!id) {
                stats.invalidRecords++;
                continue;
            }
            const key = `${id}\0${name}\0${range}`;
            if (seen.has(key))
                continue;
            seen.add(key);
            advisories.push({
                id,
                aliases: ghsa && source ? [`NPM-${source}`] : [],
                source: 'npm-audit',
                package: name,
                summary: typeof via['title'] === 'string' ? via['title'] : '',
                severity,
                severityFrom: 'source',
                intervals: [],
                ranges: [range],
                versions: [],
                malware: false,
                url,
            });
        }
    }
    stats.advisories = advisories.length;
    return { advisories, stats };
}
/** Reads an npm audit report file; bad JSON is a configuration error naming the file. */
async function loadNpmAuditReport(path, cwd) {
    const abs = (0,external_node_path_.resolve)(cwd, path);
    // Named as the user would type it: relative to the working directory when inside it.
    const rel = (0,external_node_path_.relative)(process.cwd(), abs).split(external_node_path_.sep).join('/');
    const shown = rel && !rel.startsWith('..') && !(0,external_node_path_.isAbsolute)(rel) ? rel : abs;
    let text;
    try {
        text = await (0,promises_.readFile)(abs, 'utf8');
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`Cannot read the npm audit report "${shown}" (${error.code ?? 'error'}). Check npm-audit-report.`);
    }
    let value;
    try {
        value = JSON.parse(stripBom(text));
    }
    catch {
        throw new errors/* ConfigurationError */.j1(`The npm audit report "${shown}" is not valid JSON. Write it with "npm audit --json > ${shown}".`);
    }
    return parseNpmAuditReport(value, `The npm audit report "${shown}"`);
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ../../node_modules/@npmcli/arborist/lib/index.js
var lib = __webpack_require__(54708);
var lib_default = /*#__PURE__*/__webpack_require__.n(lib);
;// CONCATENATED MODULE: ../../actions/dependency-gate/src/lockfile/lines.ts
/**
 * Finds the 1-based line of every package entry in a lockfile's text in one pass, keyed by
 * the location Arborist uses (`node_modules/a/node_modules/b`). Reads the `packages` map of
 * v2/v3 lockfiles and the nested `dependencies` of v1 ones; whichever formatting npm used.
 */
function findEntryLines(text) {
    const fromPackages = new Map();
    const fromDependencies = new Map();
    // One frame per open object or array: the key it sits under, and whether a key comes next.
    const keys = [];
    const isObject = [];
    let expectKey = false;
    let pendingKey;
    let line = 1;
    const n = text.length;
    for (let i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 /* \n */) {
            line++;
        }
        else if (c === 34 /* " */) {
            const start = i + 1;
            let escaped = false;
            i++;
            for (; i < n; i++) {
                const d = text.charCodeAt(i);
                if (d === 92 /* \ */) {
                    escaped = true;
                    i++;
                }
                else if (d === 34)
                    break;
            }
            if (expectKey && isObject[isObject.length - 1]) {
                const raw = text.slice(start, i);
                pendingKey = escaped ? JSON.parse(`"${raw}"`) : raw;
                expectKey = false;
            }
        }
        else if (c === 123 /* { */ || c === 91 /* [ */) {
            const key = isObject[isObject.length - 1] ? pendingKey : undefined;
            keys.push(key);
            isObject.push(c === 123);
            pendingKey = undefined;
            expectKey = c === 123;
            if (c === 123 && key !== undefined)
                recordEntry(keys, line, fromPackages, fromDependencies);
        }
        else if (c === 125 /* } */ || c === 93 /* ] */) {
            keys.pop();
            isObject.pop();
            expectKey = false;
        }
        else if (c === 44 /* , */) {
            expectKey = isObject[isObject.length - 1] === true;
            pendingKey = undefined;
        }
    }
    for (const [location, at] of fromDependencies) {
        if (!fromPackages.has(location))
            fromPackages.set(location, at);
    }
    return fromPackages;
}
function recordEntry(keys, line, fromPackages, fromDependencies) {
    // keys[0] is the document itself (undefined); the path inside it starts at keys[1].
    const depth = keys.length - 1;
    if (depth === 2 && keys[1] === 'packages') {
        fromPackages.set(keys[2], line);
        return;
    }
    if (depth < 2 || depth % 2 !== 0)
        return;
    const names = [];
    for (let k = 1; k < keys.length; k += 2) {
        if (keys[k] !== 'dependencies')
            return;
        names.push(keys[k + 1]);
    }
    fromDependencies.set(names.map((name) => `node_modules/${name}`).join('/'), line);
}

;// CONCATENATED MODULE: ../../actions/dependency-gate/src/lockfile/read-tree.ts







/** Lockfiles this action reads, in the order npm prefers them. */
const NPM_LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json'];
/** Lockfiles of other package managers, named in the error when no npm lockfile is present. */
const OTHER_LOCKFILES = ['yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock'];
/** At most this many dependency paths are kept per installed package. */
const MAX_PATHS = 3;
/** Looks for the lockfiles of a project folder without reading them. */
async function detectLockfile(projectDir) {
    const exists = async (name) => (0,promises_.access)((0,external_node_path_.join)(projectDir, name)).then(() => true, () => false);
    let npm;
    for (const name of NPM_LOCKFILES) {
        if (await exists(name)) {
            npm = name;
            break;
        }
    }
    const others = [];
    for (const name of OTHER_LOCKFILES)
        if (await exists(name))
            others.push(name);
    return { npm, others, hasManifest: await exists('package.json') };
}
/** True when the project folder has an npm lockfile (package-lock.json or npm-shrinkwrap.json). */
async function hasLockfile(projectDir) {
    return (await detectLockfile(projectDir)).npm !== undefined;
}
/**
 * Reads the installed dependency tree from a project's npm lockfile (v1, v2, v3 or shrinkwrap)
 * without installing anything. Bad or mismatched lockfiles are configuration errors.
 */
async function readDependencyTree(projectDir, options = {}) {
    const info = await detectLockfile(projectDir);
    const displayRoot = options.displayRoot ?? options.repoRoot ?? projectDir;
    const shown = (path) => relativePath(displayRoot, path) || '.';
    const where = options.label ?? `"${shown(projectDir)}"`;
    if (!info.hasManifest) {
        throw new errors/* ConfigurationError */.j1(`No package.json in ${where}. Point path at the folder that holds package.json and its lockfile.`);
    }
    if (!info.npm) {
        const other = info.others.length > 0 ? ` (found ${info.others.join(', ')})` : '';
        throw new errors/* ConfigurationError */.j1(`No package-lock.json or npm-shrinkwrap.json in ${where}${other}. The dependency gate reads npm lockfiles: create one with "npm install --package-lock-only" and commit it.`);
    }
    const lockfileAbs = (0,external_node_path_.join)(projectDir, info.npm);
    const lockfilePath = relativePath(options.repoRoot ?? projectDir, lockfileAbs);
    // Arborist accepts a byte order mark (as npm does); JSON.parse needs it removed.
    const text = stripBom(await (0,promises_.readFile)(lockfileAbs, 'utf8'));
    const lockfileShown = options.label ? `${info.npm} of ${options.label}` : shown(lockfileAbs);
    const data = parseLockfileJson(text, lockfileShown);
    const manifest = await readManifest((0,external_node_path_.join)(projectDir, 'package.json'), shown);
    let root;
    try {
        root = await new (lib_default())({ path: projectDir }).loadVirtual();
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`Cannot read ${lockfileShown}: ${error.message}. Regenerate it with "npm install --package-lock-only".`);
    }
    checkManifestAgreement(root, lockfileShown, shown((0,external_node_path_.join)(projectDir, 'package.json')));
    const lines = findEntryLines(text);
    const rawPackages = (data['packages'] ?? {});
    const paths = collectPaths(root);
    const packages = [];
    const workspaces = {};
    for (const node of root.inventory.values()) {
        if (node.isProjectRoot)
            continue;
        if (node.isWorkspace && !node.isLink)
            workspaces[node.location] = node.package;
        packages.push(toInstalledPackage(node, rawPackages[node.location], paths, lines));
    }
    packages.sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
    return {
        root: projectDir,
        lockfilePath,
        lockfileVersion: typeof data['lockfileVersion'] === 'number' ? data['lockfileVersion'] : 1,
        packages,
        manifest,
        workspaces,
    };
}
function parseLockfileJson(text, lockfilePath) {
    let data;
    try {
        data = JSON.parse(text);
    }
    catch (error) {
        const message = error.message;
        const position = /position (\d+)/.exec(message)?.[1];
        const line = position ? text.slice(0, Number(position)).split('\n').length : undefined;
        throw new errors/* ConfigurationError */.j1(`${lockfilePath} is not valid JSON${line ? ` (line ${line})` : ''}: ${message.split('\n')[0]}. Restore it from git or regenerate it with "npm install --package-lock-only".`);
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
        throw new errors/* ConfigurationError */.j1(`${lockfilePath} is not an npm lockfile (expected a JSON object).`);
    }
    const doc = data;
    if (!('packages' in doc) && !('dependencies' in doc) && !('lockfileVersion' in doc)) {
        throw new errors/* ConfigurationError */.j1(`${lockfilePath} is not an npm lockfile (no lockfileVersion, packages or dependencies). Regenerate it with "npm install --package-lock-only".`);
    }
    return doc;
}
async function readManifest(path, shown) {
    try {
        const value = JSON.parse(stripBom(await (0,promises_.readFile)(path, 'utf8')));
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
            return value;
        }
    }
    catch {
        // Reported below with the same message.
    }
    throw new errors/* ConfigurationError */.j1(`${shown(path)} is not a valid package.json (expected a JSON object).`);
}
/**
 * The lockfile must install what package.json declares, as `npm ci` requires. Dist-tags such as
 * `latest` cannot be checked offline and are accepted.
 */
function checkManifestAgreement(root, lockfilePath, manifestPath) {
    const problems = [];
    const declarers = [
        root,
        ...[...root.edgesOut.values()].filter(isWorkspaceEdge).map((e) => e.to.target),
    ];
    for (const from of declarers) {
        for (const edge of from.edgesOut.values()) {
            if (edge.type === 'workspace' || edge.type === 'peer' || edge.type === 'peerOptional')
                continue;
            if (edge.missing && !edge.optional)
                problems.push(`${edge.name} (${edge.spec}) is missing`);
            else if (edge.invalid && isCheckableSpec(edge.spec) && !satisfiesV1Alias(edge)) {
                problems.push(`${edge.name} is ${edge.to?.version ?? '?'}, not ${edge.spec}`);
            }
        }
    }
    if (problems.length === 0)
        return;
    const shown = problems.slice(0, 5).join('; ');
    const more = problems.length > 5 ? ` and ${problems.length - 5} more` : '';
    throw new errors/* ConfigurationError */.j1(`${lockfilePath} does not match ${manifestPath}: ${shown}${more}. Run "npm install" and commit the updated lockfile.`);
}
function isWorkspaceEdge(edge) {
    return edge.type === 'workspace' && edge.to !== null;
}
/**
 * Arborist keeps a v1 lockfile's aliased version (`npm:b@2.1.0`) as the version and so
 * reports the edge invalid; this checks the real name and version against the alias spec.
 */
function satisfiesV1Alias(edge) {
    const locked = edge.to ? parseV1Alias(edge.to.version) : undefined;
    const wanted = /^npm:((?:@[^/@]+\/)?[^@]+)@(.+)$/.exec(edge.spec);
    if (!locked || !wanted)
        return false;
    return (locked.name === wanted[1] &&
        semver_default().satisfies(locked.version, wanted[2], { includePrerelease: true }));
}
/** `npm:b@2.1.0` (how v1 lockfiles record an alias) as name and version. */
function parseV1Alias(version) {
    const match = /^npm:((?:@[^/@]+\/)?[^@]+)@([^@]+)$/.exec(version ?? '');
    return match ? { name: match[1], version: match[2] } : undefined;
}
function isCheckableSpec(spec) {
    if (spec.startsWith('npm:'))
        return true;
    return semver_default().validRange(spec) !== null;
}
/** Dependency paths by installed names from the root, shortest first, at most MAX_PATHS each. */
function collectPaths(root) {
    const found = new Map();
    const seenOnPath = (path, node) => path.includes(node);
    // Breadth-first, so that the first paths recorded are the shortest.
    let frontier = [
        { node: root, names: [], via: [root] },
    ];
    while (frontier.length > 0) {
        const next = [];
        for (const { node, names, via } of frontier) {
            // Runtime edges first, so that a runtime package's first path shows how it ships.
            const edges = [...node.edgesOut.values()].sort((a, b) => Number(a.type === 'dev') - Number(b.type === 'dev'));
            for (const edge of edges) {
                const to = edge.to?.target ?? edge.to;
                if (!to || to.isProjectRoot || seenOnPath(via, to))
                    continue;
                const list = found.get(to) ?? [];
                if (list.length >= MAX_PATHS)
                    continue;
                const path = [...names, edge.name];
                list.push(path);
                found.set(to, list);
                next.push({ node: to, names: path, via: [...via, to] });
            }
        }
        frontier = next;
    }
    return found;
}
function scopeOf(node) {
    if (node.dev)
        return 'development';
    if (node.optional || node.devOptional)
        return 'optional';
    if (node.peer)
        return 'peer';
    return 'runtime';
}
function isDirect(node) {
    for (const edge of node.edgesIn) {
        const from = edge.from;
        if (from && (from.isProjectRoot || from.isWorkspace))
            return true;
    }
    return false;
}
function toInstalledPackage(node, raw, paths, lines) {
    const v1Alias = parseV1Alias(node.version);
    const name = v1Alias?.name ?? (node.packageName || node.name);
    const pkg = {
        name,
        version: v1Alias?.version ?? node.version ?? '',
        location: node.location,
        scope: scopeOf(node),
        direct: isDirect(node) || (node.isLink && isDirect(node)),
        paths: paths.get(node) ?? paths.get(node.target) ?? [],
    };
    if (node.name !== name)
        pkg.alias = node.name;
    if (node.resolved)
        pkg.resolved = node.resolved;
    if (node.integrity)
        pkg.integrity = node.integrity;
    const license = raw?.['license'] ?? node.package['license'];
    if (typeof license === 'string')
        pkg.license = license;
    if (raw?.['hasInstallScript'] === true || node.hasInstallScript)
        pkg.hasInstallScript = true;
    const deprecated = raw?.['deprecated'] ?? node.package['deprecated'];
    if (typeof deprecated === 'string')
        pkg.deprecated = deprecated;
    if (node.inDepBundle) {
        pkg.bundled = true;
        const bundler = node.getBundler();
        if (bundler)
            pkg.bundledBy = bundler.packageName || bundler.name;
    }
    if (node.isLink || node.isWorkspace)
        pkg.link = true;
    const requested = [...node.edgesIn]
        .filter((e) => e.from !== null && e.type !== 'workspace')
        .map((e) => ({ by: e.from.isProjectRoot ? '' : e.from.location, spec: e.spec }));
    if (requested.length > 0)
        pkg.requested = requested;
    const line = lines.get(node.location);
    if (line !== undefined)
        pkg.lockfileLine = line;
    return pkg;
}
function relativePath(from, to) {
    return (0,external_node_path_.relative)(from, to).split(external_node_path_.sep).join('/');
}

;// CONCATENATED MODULE: ../../actions/dependency-gate/src/diff.ts






/** Runs git in `cwd`; resolves with stdout as bytes. */
function git(cwd, args) {
    return new Promise((resolvePromise, reject) => {
        (0,external_node_child_process_.execFile)('git', args, { cwd, encoding: 'buffer', maxBuffer: 512 * 1024 * 1024 }, (error, stdout, stderr) => {
            if (error) {
                const code = error.code;
                if (code === 'ENOENT') {
                    reject(new errors/* EnvironmentError */.eG('git is not installed or not on PATH; diff mode needs it.'));
                }
                else {
                    reject(Object.assign(error, { stderr: stderr.toString('utf8') }));
                }
            }
            else
                resolvePromise(stdout);
        });
    });
}
/**
 * Reads the dependency tree of the project as it is at `baseRef`, from git objects only (no
 * checkout): the lockfile and every package.json of the project are written to a temporary
 * folder and read there. A base that cannot be read is a configuration error, never "all new".
 */
async function readBaseTree(repoRoot, projectPath, baseRef, lockfilePath) {
    try {
        await git(repoRoot, ['rev-parse', '--verify', '--quiet', `${baseRef}^{commit}`]);
    }
    catch (error) {
        if (error instanceof errors/* EnvironmentError */.eG)
            throw error;
        throw new errors/* ConfigurationError */.j1(`Diff mode cannot find the base "${baseRef}" in this clone. Fetch it (actions/checkout with fetch-depth: 0) or set base-ref to a branch or commit that exists.`);
    }
    const prefix = projectPath === '.' || projectPath === '' ? '' : `${projectPath.replace(/\/$/, '')}/`;
    const listing = (await git(repoRoot, ['ls-tree', '-r', '--name-only', '-z', baseRef, '--', prefix || '.']))
        .toString('utf8')
        .split('\0')
        .filter((f) => f !== '');
    const lockfile = external_node_path_.posix.join(prefix, external_node_path_.posix.basename(lockfilePath));
    const wanted = listing.filter((f) => !f.split('/').includes('node_modules') &&
        (f.endsWith('/package.json') ||
            f === 'package.json' ||
            f === lockfile ||
            f === external_node_path_.posix.join(prefix, 'npm-shrinkwrap.json') ||
            f === external_node_path_.posix.join(prefix, 'package-lock.json')));
    if (!wanted.some((f) => f === external_node_path_.posix.join(prefix, 'package-lock.json') ||
        f === external_node_path_.posix.join(prefix, 'npm-shrinkwrap.json'))) {
        throw new errors/* ConfigurationError */.j1(`Diff mode found no lockfile at ${lockfile} in the base "${baseRef}". Run mode: full for this change, or commit the lockfile to the base branch first.`);
    }
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'dependency-gate-base-'));
    try {
        for (const file of wanted) {
            const data = await git(repoRoot, ['show', `${baseRef}:${file}`]);
            const target = (0,external_node_path_.join)(dir, file.slice(prefix.length));
            await (0,promises_.mkdir)((0,external_node_path_.dirname)(target), { recursive: true });
            await (0,promises_.writeFile)(target, data);
        }
        const tree = await readDependencyTree(dir, { label: `the base "${baseRef}"` });
        return { ...tree, root: (0,external_node_path_.join)(repoRoot, projectPath), lockfilePath };
    }
    catch (error) {
        if (error instanceof errors/* ConfigurationError */.j1) {
            throw new errors/* ConfigurationError */.j1(`Diff mode cannot read the base "${baseRef}": ${error.message}`);
        }
        throw error;
    }
    finally {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
    }
}
/** What identifies a finding across the base and head trees: rule, package and version. */
function diffKey(finding) {
    const p = finding.properties ?? {};
    if (typeof p['package'] === 'string') {
        return `${finding.ruleId}\0${p['package']}\0${typeof p['version'] === 'string' ? p['version'] : ''}`;
    }
    return `${finding.ruleId}\0${finding.fingerprint}`;
}
/** The head findings the base does not have. */
function introducedFindings(head, base) {
    const before = new Set(base.map(diffKey));
    return head.filter((f) => !before.has(diffKey(f)));
}

// EXTERNAL MODULE: ../findings/src/expired-exception.ts
var expired_exception = __webpack_require__(30118);
// EXTERNAL MODULE: ../findings/src/fingerprint.ts
var fingerprint = __webpack_require__(90279);
// EXTERNAL MODULE: ../../node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(98476);
// EXTERNAL MODULE: ../action-kit/src/exceptions.ts
var exceptions = __webpack_require__(53746);
// EXTERNAL MODULE: ../../node_modules/spdx-correct/index.js
var spdx_correct = __webpack_require__(4644);
var spdx_correct_default = /*#__PURE__*/__webpack_require__.n(spdx_correct);
// EXTERNAL MODULE: ../../node_modules/spdx-expression-parse/index.js
var spdx_expression_parse = __webpack_require__(25826);
var spdx_expression_parse_default = /*#__PURE__*/__webpack_require__.n(spdx_expression_parse);
// EXTERNAL MODULE: ../../node_modules/spdx-satisfies/index.js
var spdx_satisfies = __webpack_require__(12431);
var spdx_satisfies_default = /*#__PURE__*/__webpack_require__.n(spdx_satisfies);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ../../actions/dependency-gate/src/supply-chain/metadata.ts



const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];
/**
 * Returns a function that gathers a package's metadata from, in order: the lockfile, the
 * installed `package.json` (when its name and version match the lockfile), and the registry
 * document. v2 and v3 lockfiles record install scripts; none records deprecation, and v1
 * lockfiles record neither licenses nor install scripts.
 */
function createMetadataResolver(tree, options = {}) {
    const cache = new Map();
    const readInstalled = options.readInstalled ?? true;
    const present = new Map();
    // Most trees are checked without node_modules: one look per node_modules directory replaces a
    // failed read per package.
    const mayBeInstalled = (location) => {
        const at = location.indexOf('node_modules/');
        if (at < 0)
            return true;
        const dir = location.slice(0, at + 'node_modules'.length);
        let known = present.get(dir);
        if (known === undefined) {
            known = (0,external_node_fs_.existsSync)((0,external_node_path_.join)(tree.root, dir));
            present.set(dir, known);
        }
        return known;
    };
    return (pkg) => {
        const hit = cache.get(pkg.location);
        if (hit)
            return hit;
        const installed = readInstalled && mayBeInstalled(pkg.location) ? readInstalledManifest(tree, pkg) : undefined;
        const manifest = options.packuments?.get(pkg.name)?.versions?.[pkg.version];
        const meta = resolve(tree, pkg, installed, manifest);
        cache.set(pkg.location, meta);
        return meta;
    };
}
function resolve(tree, pkg, installed, registry) {
    const meta = {};
    // License: the lockfile records only string licenses, and some writers omit them altogether,
    // so a missing value there is not evidence that the package declares none.
    if (pkg.license !== undefined)
        meta.license = { value: pkg.license, source: 'lockfile' };
    else if (installed)
        meta.license = { value: licenseField(installed.json), source: 'installed' };
    else if (registry)
        meta.license = { value: licenseField(registry), source: 'registry' };
    // Install scripts: npm writes hasInstallScript into every v2/v3 entry that has one.
    if (tree.lockfileVersion >= 2 || pkg.hasInstallScript !== undefined) {
        meta.hasInstallScript = { value: pkg.hasInstallScript === true, source: 'lockfile' };
    }
    else if (installed) {
        meta.hasInstallScript = {
            value: declaresInstallScript(installed.json, installed.hasBindingGyp),
            source: 'installed',
        };
    }
    else if (registry) {
        const value = registry['hasInstallScript'] === true ||
            declaresInstallScript(registry, registry['gypfile'] === true);
        meta.hasInstallScript = { value, source: 'registry' };
    }
    // Deprecation lives in the registry; an installed package.json carries it only when an old npm
    // copied it there, so its absence there proves nothing.
    if (pkg.deprecated !== undefined)
        meta.deprecated = { value: pkg.deprecated, source: 'lockfile' };
    else if (typeof installed?.json['deprecated'] === 'string') {
        meta.deprecated = { value: installed.json['deprecated'], source: 'installed' };
    }
    else if (registry) {
        const d = registry['deprecated'];
        meta.deprecated = { value: typeof d === 'string' && d !== '' ? d : false, source: 'registry' };
    }
    return meta;
}
function readInstalledManifest(tree, pkg) {
    if (pkg.link)
        return undefined;
    const dir = (0,external_node_path_.join)(tree.root, pkg.location);
    let json;
    try {
        json = JSON.parse(stripBom((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(dir, 'package.json'), 'utf8')));
    }
    catch {
        return undefined;
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json))
        return undefined;
    const record = json;
    // A stale node_modules (another version than the lockfile's) tells nothing about this one.
    if (record['name'] !== pkg.name || record['version'] !== pkg.version)
        return undefined;
    return { json: record, hasBindingGyp: (0,external_node_fs_.existsSync)((0,external_node_path_.join)(dir, 'binding.gyp')) };
}
/** The license a manifest declares: `license` (string or legacy object) or legacy `licenses`. */
function licenseField(manifest) {
    return manifest['license'] ?? manifest['licenses'];
}
/**
 * npm runs preinstall, install and postinstall, and runs `node-gyp rebuild` for a package with a
 * binding.gyp and neither install nor preinstall script.
 */
function declaresInstallScript(manifest, hasBindingGyp) {
    const scripts = manifest['scripts'];
    const s = typeof scripts === 'object' && scripts !== null ? scripts : {};
    if (INSTALL_SCRIPTS.some((k) => typeof s[k] === 'string' && s[k] !== ''))
        return true;
    return hasBindingGyp;
}

;// CONCATENATED MODULE: ../../actions/dependency-gate/src/licenses.ts







/** Rule ids of the license policy. */
const LICENSE_RULES = {
    denied: 'license-denied',
    notAllowed: 'license-not-allowed',
    unknown: 'license-unknown',
};
const TOOL = 'devsecops-deps';
/** `UNLICENSED` is npm's word for "no rights granted"; it may be listed to allow or deny it. */
const UNLICENSED = 'UNLICENSED';
const LicenseIdSchema = schemas/* string */.YjP().superRefine((value, ctx) => {
    if (value === UNLICENSED)
        return;
    let parsed;
    try {
        parsed = spdx_expression_parse_default()(value);
    }
    catch {
        const fix = spdx_correct_default()(value, { upgrade: false });
        ctx.addIssue({
            code: 'custom',
            message: `"${value}" is not an SPDX license id${fix ? `; did you mean "${fix}"?` : ' (see https://spdx.org/licenses/)'}`,
        });
        return;
    }
    if ('conjunction' in parsed) {
        ctx.addIssue({
            code: 'custom',
            message: `"${value}" is an expression; list each license id on its own`,
        });
    }
});
/** The `licenses` part of the dependency policy. */
const LicensePolicySchema = schemas/* object */.Ikc({
    /** When set, every dependency must be usable under licenses from this list. */
    allow: schemas/* array */.YOg(LicenseIdSchema)
        .optional()
        .describe('SPDX ids; when set, every dependency must be usable under licenses from this list'),
    /** Licenses that are never acceptable. */
    deny: schemas/* array */.YOg(LicenseIdSchema).default([]).describe('SPDX ids that are never acceptable'),
    /** Packages whose license was reviewed by hand. */
    exempt: schemas/* array */.YOg(schemas/* object */.Ikc({
        /** A package name, or `@scope/*` for a whole scope. */
        package: schemas/* string */.YjP().min(1),
        /** A version or semver range; every version when absent. */
        version: schemas/* string */.YjP().optional(),
        reason: schemas/* string */.YjP().min(1),
    })
        .strict())
        .default([]),
    /** Severity of `license-unknown`: a package whose license is missing or not SPDX. */
    unknown: schemas/* enum */.k5n(src_finding/* SEVERITIES */.oC)
        .default('low')
        .describe('Severity of license-unknown: a missing or non-SPDX license'),
    'denied-severity': schemas/* enum */.k5n(src_finding/* SEVERITIES */.oC).default('high'),
    'not-allowed-severity': schemas/* enum */.k5n(src_finding/* SEVERITIES */.oC).default('medium'),
})
    .strict()
    .superRefine((policy, ctx) => {
    for (const [i, exempt] of policy.exempt.entries()) {
        if (exempt.version !== undefined && semver_default().validRange(exempt.version) === null) {
            ctx.addIssue({
                code: 'custom',
                path: ['exempt', i, 'version'],
                message: `"${exempt.version}" is not a version or semver range`,
            });
        }
    }
});
/**
 * Normalises a `license` value: SPDX expressions as they are, common names corrected
 * (`Apache 2.0` → `Apache-2.0`), legacy `{ type }` objects and `licenses` arrays (one of them,
 * hence OR), `SEE LICENSE IN <file>` as custom and `UNLICENSED` as no grant.
 */
function normalizeLicense(raw) {
    if (raw === undefined || raw === null || raw === '')
        return { kind: 'none' };
    if (typeof raw === 'object' && !Array.isArray(raw)) {
        return normalizeLicense(raw['type']);
    }
    if (Array.isArray(raw)) {
        const parts = raw.map((item) => normalizeLicense(item));
        if (parts.length === 0)
            return { kind: 'none' };
        if (parts.length === 1)
            return parts[0];
        if (parts.every((p) => p.kind === 'spdx')) {
            return {
                kind: 'spdx',
                expression: parts.map((p) => `(${p.expression})`).join(' OR '),
                declared: JSON.stringify(raw),
            };
        }
        return { kind: 'invalid', declared: JSON.stringify(raw) };
    }
    if (typeof raw !== 'string')
        return { kind: 'invalid', declared: String(raw) };
    const text = raw.trim();
    if (text.toUpperCase() === UNLICENSED)
        return { kind: 'unlicensed', declared: text };
    if (/^SEE LICEN[CS]E IN\b/i.test(text))
        return { kind: 'custom', declared: text };
    try {
        spdx_expression_parse_default()(text);
        return { kind: 'spdx', expression: text };
    }
    catch {
        // Not SPDX as written: try the usual misspellings below.
    }
    const corrected = spdx_correct_default()(text, { upgrade: false });
    if (corrected) {
        try {
            spdx_expression_parse_default()(corrected);
            return { kind: 'spdx', expression: corrected, declared: text };
        }
        catch {
            // spdx-correct answered something unparseable: treat as not SPDX.
        }
    }
    return { kind: 'invalid', declared: text };
}
/**
 * Weighs a declared license against the policy. An OR expression passes when one branch passes;
 * an AND branch passes when each of its licenses is allowed and none is denied. It is denied
 * when every branch contains a denied license.
 */
function evaluateLicense(raw, policy) {
    const license = normalizeLicense(raw);
    const allow = policy.allow && policy.allow.length > 0 ? policy.allow : undefined;
    const deny = policy.deny.filter((d) => d !== UNLICENSED);
    switch (license.kind) {
        case 'none':
        case 'invalid':
            return { status: 'unknown', license };
        case 'custom':
            return { status: allow ? 'not-allowed' : 'unknown', license };
        case 'unlicensed':
            if (policy.deny.includes(UNLICENSED))
                return { status: 'denied', license };
            return { status: allow?.includes(UNLICENSED) ? 'allowed' : 'not-allowed', license };
        case 'spdx':
            break;
    }
    const branches = expand(spdx_expression_parse_default()(license.expression));
    const allowList = allow?.filter((a) => a !== UNLICENSED);
    const isDenied = (leaf) => deny.length > 0 && satisfiesAny(leaf, deny);
    const isAllowed = (leaf) => !allowList || satisfiesAny(leaf, allowList);
    if (branches.some((b) => b.every((leaf) => !isDenied(leaf) && isAllowed(leaf)))) {
        return { status: 'allowed', license };
    }
    const denied = branches.every((b) => b.some(isDenied));
    return { status: denied ? 'denied' : 'not-allowed', license };
}
/** Expands an expression into OR-ed branches of AND-ed licenses. */
function expand(node) {
    if (!('conjunction' in node)) {
        return [
            [`${node.license}${node.plus ? '+' : ''}${node.exception ? ` WITH ${node.exception}` : ''}`],
        ];
    }
    const left = expand(node.left);
    const right = expand(node.right);
    if (node.conjunction === 'or')
        return [...left, ...right];
    return left.flatMap((l) => right.map((r) => [...l, ...r]));
}
function satisfiesAny(leaf, list) {
    try {
        return spdx_satisfies_default()(leaf, list);
    }
    catch {
        // spdx-satisfies cannot range-compare some ids (LicenseRef-…): fall back to equality.
        return list.includes(leaf);
    }
}
/**
 * Checks every installed package's license against the policy. Licenses come from the lockfile,
 * else the installed `package.json`, else the registry document when given; a license no source
 * recorded is listed in `unknown` and counted in a note, never guessed. Workspace packages and
 * links (the project's own code) are skipped.
 */
function checkLicenses(tree, policy, options = {}) {
    const metadata = createMetadataResolver(tree, options);
    const groups = new Map();
    const unknown = [];
    const violations = [];
    let unrecorded = 0;
    let exempted = 0;
    for (const pkg of tree.packages) {
        if (pkg.link)
            continue;
        if (isExempt(pkg, policy)) {
            exempted++;
            continue;
        }
        const meta = metadata(pkg);
        if (!meta.license) {
            unrecorded++;
            unknown.push(pkg);
            continue;
        }
        const verdict = evaluateLicense(meta.license.value, policy);
        if (verdict.status === 'allowed')
            continue;
        if (verdict.status === 'unknown')
            unknown.push(pkg);
        else
            violations.push(`${pkg.name}@${pkg.version}: ${describe(verdict.license)} (${verdict.status})`);
        const ruleId = verdict.status === 'denied'
            ? LICENSE_RULES.denied
            : verdict.status === 'not-allowed'
                ? LICENSE_RULES.notAllowed
                : LICENSE_RULES.unknown;
        const key = `${ruleId}\0${pkg.name}`;
        const group = groups.get(key) ?? {
            ruleId,
            pkg,
            versions: [],
            licenses: [],
            source: meta.license.source,
            verdict,
        };
        if (!group.versions.includes(pkg.version))
            group.versions.push(pkg.version);
        const text = describe(verdict.license);
        if (!group.licenses.includes(text))
            group.licenses.push(text);
        groups.set(key, group);
    }
    const findings = [...groups.values()].map((g) => toFinding(tree, policy, g));
    const notes = [];
    if (unrecorded > 0) {
        notes.push(`Licenses of ${unrecorded} package${unrecorded === 1 ? '' : 's'} are unknown: ${tree.lockfilePath} does not record them and no installed copy or registry document was available for them.`);
    }
    if (exempted > 0)
        notes.push(`${exempted} package${exempted === 1 ? '' : 's'} exempted from the license policy.`);
    return { findings, unknown, violations, notes };
}
function toFinding(tree, policy, g) {
    const { pkg, ruleId } = g;
    const subject = `${pkg.name} ${g.versions.join(', ')}`;
    const licenses = g.licenses.join('; ');
    let severity;
    let title;
    let message;
    if (ruleId === LICENSE_RULES.denied) {
        severity = policy['denied-severity'];
        title = 'Denied license';
        message = `${subject} is licensed ${licenses}, which the license policy denies.`;
    }
    else if (ruleId === LICENSE_RULES.notAllowed) {
        severity = policy['not-allowed-severity'];
        title = 'License not allowed';
        message = `${subject} is licensed ${licenses}, which the license allow list does not cover.`;
    }
    else {
        severity = policy.unknown;
        title = 'Unknown license';
        const kind = g.verdict.license.kind;
        message =
            kind === 'none'
                ? `${subject} declares no license.`
                : kind === 'custom'
                    ? `${subject} has a custom license (${licenses}); review it and add an exemption.`
                    : `${subject} declares ${licenses}, which is not an SPDX license expression.`;
    }
    const location = {
        path: tree.lockfilePath,
        ...(pkg.lockfileLine ? { startLine: pkg.lockfileLine } : {}),
    };
    const properties = {
        package: pkg.name,
        versions: g.versions,
        license: g.licenses,
        licenseSource: g.source,
        scope: pkg.scope,
        direct: pkg.direct,
    };
    if (g.verdict.license.expression)
        properties['spdx'] = g.verdict.license.expression;
    if (pkg.paths[0])
        properties['path'] = pkg.paths[0].join(' > ');
    return {
        stage: 'deps',
        tool: TOOL,
        ruleId,
        severity,
        title,
        message,
        location,
        fingerprint: (0,fingerprint/* fingerprintOf */.a)(ruleId, pkg.name, tree.lockfilePath),
        helpUri: 'https://spdx.org/licenses/',
        properties,
    };
}
function describe(license) {
    switch (license.kind) {
        case 'spdx':
            return license.declared && !license.declared.startsWith('[')
                ? `"${license.expression}" (declared as "${license.declared}")`
                : `"${license.expression}"`;
        case 'none':
            return 'no license';
        default:
            return `"${license.declared ?? ''}"`;
    }
}
function isExempt(pkg, policy) {
    return policy.exempt.some((e) => {
        const nameMatches = e.package.endsWith('/*')
            ? pkg.name.startsWith(e.package.slice(0, -1))
            : e.package === pkg.name;
        if (!nameMatches)
            return false;
        if (e.version === undefined)
            return true;
        return (semver_default().valid(pkg.version) !== null &&
            semver_default().satisfies(pkg.version, e.version, { loose: true }));
    });
}

// EXTERNAL MODULE: ../../node_modules/npm-package-arg/lib/npa.js
var npa = __webpack_require__(22692);
var npa_default = /*#__PURE__*/__webpack_require__.n(npa);
;// CONCATENATED MODULE: ../../actions/dependency-gate/src/supply-chain/sources.ts

const GIT_PREFIX = /^(git\+|git:|github:|gitlab:|bitbucket:|gist:|ssh:\/\/|git@)/;
/** Classifies a package by its lockfile `resolved` value. */
function classifySource(pkg, options) {
    const resolved = pkg.resolved;
    if (pkg.link) {
        return {
            kind: 'link',
            insecure: false,
            outside: resolved ? isOutside(resolved, options.root) : false,
        };
    }
    if (!resolved)
        return { kind: 'registry', insecure: false };
    if (GIT_PREFIX.test(resolved)) {
        return { kind: 'git', insecure: /^git(\+http)?:\/\//.test(resolved) };
    }
    if (resolved.startsWith('file:')) {
        return { kind: 'file', insecure: false, outside: isOutside(resolved, options.root) };
    }
    let url;
    try {
        url = new URL(resolved);
    }
    catch {
        // A bare relative path: npm writes these for local folders.
        return { kind: 'file', insecure: false, outside: isOutside(resolved, options.root) };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return { kind: 'remote', insecure: false, host: url.host };
    }
    const insecure = url.protocol === 'http:';
    const tarball = registryTarballIdentity(resolved) !== undefined;
    // An allowed registry lays out its download URLs as it likes (GitHub Packages has no `/-/`).
    if (isAllowedRegistry(url, resolved, options.allowedRegistries)) {
        return { kind: 'registry', insecure, host: url.host };
    }
    return { kind: tarball ? 'registry-elsewhere' : 'remote', insecure, host: url.host };
}
/**
 * The name and version of a registry tarball URL (`…/<name>/-/<name>-<version>.tgz`, the name
 * possibly scoped and `%2f`-encoded), or undefined for other URLs.
 */
function registryTarballIdentity(resolved) {
    let path;
    try {
        path = new URL(resolved).pathname;
    }
    catch {
        return undefined;
    }
    const at = path.lastIndexOf('/-/');
    if (at <= 0)
        return undefined;
    const segments = decodeURIComponent(path.slice(0, at)).split('/').filter(Boolean);
    const last = segments.at(-1);
    if (!last)
        return undefined;
    const name = segments.at(-2)?.startsWith('@') ? `${segments.at(-2)}/${last}` : last;
    const bare = name.slice(name.lastIndexOf('/') + 1);
    const file = path.slice(at + 3);
    if (!file.startsWith(`${bare}-`) || !file.endsWith('.tgz'))
        return undefined;
    const version = file.slice(bare.length + 1, -'.tgz'.length);
    return version === '' ? undefined : { name, version };
}
function isAllowedRegistry(url, resolved, allowed) {
    return allowed.some((entry) => {
        if (entry.includes('://'))
            return resolved.startsWith(entry.endsWith('/') ? entry : `${entry}/`);
        return (entry.toLowerCase() === url.host.toLowerCase() ||
            entry.toLowerCase() === url.hostname.toLowerCase());
    });
}
function isOutside(spec, root) {
    const path = spec.replace(/^file:/, '');
    const abs = (0,external_node_path_.isAbsolute)(path) ? path : (0,external_node_path_.resolve)(root, path);
    const rel = (0,external_node_path_.relative)(root, abs);
    return rel === '..' || rel.startsWith(`..${'/'}`) || rel.startsWith('..\\') || (0,external_node_path_.isAbsolute)(rel);
}

;// CONCATENATED MODULE: ../../actions/dependency-gate/src/supply-chain/allow-scripts.ts




/**
 * Why npm would ignore an allowlist key, or undefined when the key is usable: npm accepts bare
 * names, `name@*` and exact versions joined by `||`, and refuses dist-tags, semver ranges and
 * aliases because they would cover versions nobody reviewed.
 */
function allowScriptsKeyProblem(key) {
    let parsed;
    try {
        parsed = npa_default()(key);
    }
    catch {
        return 'is not a package name or spec npm understands';
    }
    if (parsed.type === 'tag') {
        return 'uses a dist-tag; use the bare name or exact versions joined by "||"';
    }
    if (parsed.type === 'alias')
        return 'is an alias; name the real package';
    if (parsed.type === 'range' && !isNameOnly(parsed) && !isExactVersions(parsed.fetchSpec ?? '')) {
        return 'uses a semver range; use the bare name or exact versions joined by "||"';
    }
    return undefined;
}
/**
 * Gathers the allowlist: the policy file's `allow-scripts` (a map or a list of allowed keys) and
 * the `allowScripts` field of package.json. Keys npm would ignore are dropped and returned.
 */
function readAllowScripts(fromPolicy, manifest) {
    const entries = [];
    const ignored = [];
    const add = (key, allow, origin) => {
        const problem = allowScriptsKeyProblem(key);
        if (problem)
            ignored.push(`${origin} allowScripts "${key}" ${problem}`);
        else
            entries.push({ key, allow, origin });
    };
    if (Array.isArray(fromPolicy))
        for (const key of fromPolicy)
            add(key, true, 'policy');
    else
        for (const [key, allow] of Object.entries(fromPolicy))
            add(key, allow, 'policy');
    const field = manifest['allowScripts'];
    if (typeof field === 'object' && field !== null && !Array.isArray(field)) {
        for (const [key, allow] of Object.entries(field)) {
            if (typeof allow === 'boolean')
                add(key, allow, 'package.json');
            else
                ignored.push(`package.json allowScripts "${key}" must be true or false`);
        }
    }
    return { entries, ignored };
}
/**
 * Decides like npm whether a package's install scripts are reviewed: a matching `false` entry
 * wins (denied: npm skips the scripts), else a matching `true` entry allows them. Registry
 * packages match by name and, for pinned entries, by the version in the lockfile's `resolved`
 * URL; when the lockfile omits that URL a pinned allow cannot be verified (npm refuses it too).
 * Git packages match by repository and commit prefix; tarballs and local paths by their spec.
 */
function decideScripts(pkg, entries, root) {
    let allowed = false;
    let unverifiable = false;
    let denied = false;
    for (const entry of entries) {
        const match = matches(pkg, entry.key, root);
        if (match === 'no')
            continue;
        if (!entry.allow) {
            denied = true;
        }
        else if (match === 'unverifiable') {
            unverifiable = true;
        }
        else {
            allowed = true;
        }
    }
    if (denied)
        return 'denied';
    if (allowed)
        return 'allowed';
    return unverifiable ? 'unverifiable' : 'unreviewed';
}
function matches(pkg, key, root) {
    let parsed;
    try {
        parsed = npa_default()(key, root);
    }
    catch {
        return 'no';
    }
    const source = classifySource(pkg, { root, allowedRegistries: [] });
    switch (parsed.type) {
        case 'range':
        case 'version': {
            if (source.kind !== 'registry' && source.kind !== 'registry-elsewhere')
                return 'no';
            if (parsed.name !== pkg.name)
                return 'no';
            if (parsed.type === 'range' && isNameOnly(parsed))
                return 'yes';
            const version = pkg.resolved ? registryTarballIdentity(pkg.resolved)?.version : undefined;
            if (!version)
                return 'unverifiable';
            return semver_default().satisfies(version, parsed.fetchSpec ?? '', { loose: true }) ? 'yes' : 'no';
        }
        case 'git':
            return matchGit(pkg, parsed) ? 'yes' : 'no';
        case 'remote':
            return pkg.resolved === parsed.fetchSpec || pkg.resolved === parsed.saveSpec ? 'yes' : 'no';
        case 'file':
        case 'directory': {
            const resolved = pkg.resolved?.replace(/^file:/, '');
            if (!resolved)
                return 'no';
            return (0,external_node_path_.resolve)(root, resolved) === parsed.fetchSpec ? 'yes' : 'no';
        }
        default:
            return 'no';
    }
}
function matchGit(pkg, key) {
    if (!pkg.resolved)
        return false;
    let node;
    try {
        node = npa_default()(pkg.resolved);
    }
    catch {
        return false;
    }
    if (node.type !== 'git')
        return false;
    const keyRepo = hostedOf(key)?.ssh({ noCommittish: true }) ?? key.fetchSpec;
    const nodeRepo = hostedOf(node)?.ssh({ noCommittish: true }) ?? node.fetchSpec;
    if (!keyRepo || keyRepo !== nodeRepo)
        return false;
    const wanted = key.gitCommittish || hostedOf(key)?.committish;
    if (!wanted)
        return true;
    // The lockfile's full SHA must start with the reviewed (often short) SHA, never the reverse.
    const actual = node.gitCommittish || hostedOf(node)?.committish || '';
    return actual !== '' && actual.startsWith(wanted);
}
function hostedOf(parsed) {
    return parsed.hosted;
}
function isNameOnly(parsed) {
    return parsed.fetchSpec === '*' || parsed.rawSpec === '' || parsed.rawSpec === '*';
}
function isExactVersions(spec) {
    const parts = spec.split('||').map((p) => p.trim());
    return parts.length > 0 && parts.every((p) => p !== '' && semver_default().valid(p) !== null);
}

;// CONCATENATED MODULE: ../../actions/dependency-gate/src/supply-chain/policy.ts



/** Every supply-chain check by rule id, with its default severity. */
const SUPPLY_CHAIN_CHECKS = {
    'lockfile-missing': 'high',
    'lockfile-out-of-sync': 'high',
    'non-registry-source': 'high',
    'insecure-http': 'high',
    typosquat: 'high',
    'install-script-not-allowed': 'medium',
    'missing-integrity': 'medium',
    'weak-integrity': 'low',
    deprecated: 'low',
    'new-maintainer': 'medium',
    'recently-published': 'low',
};
const CHECK_IDS = Object.keys(SUPPLY_CHAIN_CHECKS);
/** `false` disables a check, a severity overrides its default, or both as an object. */
const CheckSettingSchema = schemas/* union */.KCZ([
    schemas/* boolean */.zMY(),
    schemas/* enum */.k5n(src_finding/* SEVERITIES */.oC),
    schemas/* object */.Ikc({ enabled: schemas/* boolean */.zMY().optional(), severity: schemas/* enum */.k5n(src_finding/* SEVERITIES */.oC).optional() }).strict(),
]);
const ChecksSchema = schemas/* object */.Ikc(Object.fromEntries(CHECK_IDS.map((id) => [id, CheckSettingSchema.optional()])))
    .strict();
/**
 * npm's `allowScripts` shape (`{ "esbuild": true, "sharp@0.33.5": true, "core-js": false }`),
 * or a plain list of names and pinned versions, all allowed.
 */
const AllowScriptsSchema = schemas/* union */.KCZ([schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* boolean */.zMY()), schemas/* array */.YOg(schemas/* string */.YjP())])
    .superRefine((value, ctx) => {
    const keys = Array.isArray(value) ? value : Object.keys(value);
    for (const key of keys) {
        const problem = allowScriptsKeyProblem(key);
        if (problem)
            ctx.addIssue({ code: 'custom', message: `"${key}" ${problem}` });
    }
});
/** The `supply-chain` part of the dependency policy. */
const SupplyChainPolicySchema = schemas/* object */.Ikc({
    /** Per-check switches and severities, by rule id. */
    checks: ChecksSchema.default({}).describe('Per check: false to disable, a severity, or { enabled, severity }'),
    /** Registry hosts (`registry.npmjs.org`) or URL prefixes packages may be resolved from. */
    'allowed-registries': schemas/* array */.YOg(schemas/* string */.YjP().min(1))
        .default(['registry.npmjs.org'])
        .describe('Registry hosts or URL prefixes dependencies may come from'),
    /** Packages whose install scripts were reviewed; merged with package.json's `allowScripts`. */
    'allow-scripts': AllowScriptsSchema.default({}).describe('Reviewed install scripts, in npm allowScripts format; merged with package.json allowScripts'),
    /** Largest edit distance for long names (10+ characters); shorter names use 1, 0 turns it off. */
    'typosquat-distance': schemas/* number */.aig()
        .int()
        .min(0)
        .max(3)
        .default(2)
        .describe('Largest edit distance for names of 10+ characters; 0 turns edit distance off'),
    /** Names the typosquat check must not report (reviewed look-alikes). */
    'typosquat-ignore': schemas/* array */.YOg(schemas/* string */.YjP())
        .default([])
        .describe('Reviewed look-alike names the typosquat check must not report'),
    /** `recently-published` reports versions younger than this many days (online only). */
    'min-age-days': schemas/* number */.aig()
        .min(0)
        .default(3)
        .describe('recently-published reports versions younger than this many days (online)'),
})
    .strict();
/** Whether a check runs and at which severity, after the policy's overrides. */
function checkSetting(policy, id) {
    const setting = policy.checks[id];
    const severity = SUPPLY_CHAIN_CHECKS[id];
    if (setting === undefined || setting === true)
        return { enabled: true, severity };
    if (setting === false)
        return { enabled: false, severity };
    if (typeof setting === 'string')
        return { enabled: true, severity: setting };
    return { enabled: setting.enabled ?? true, severity: setting.severity ?? severity };
}

;// CONCATENATED MODULE: ../../actions/dependency-gate/src/policy.ts






/** Every dependency scope, in the order reports list them. */
const DEPENDENCY_SCOPES = ['runtime', 'development', 'optional', 'peer'];
/** One accepted risk: an advisory waived for a package or path until a date. */
const DepsExceptionSchema = schemas/* object */.Ikc({
    /** The advisory's id or any alias (GHSA-…, CVE-…). */
    id: schemas/* string */.YjP().min(1),
    /** Only for this package (by its real name). */
    package: schemas/* string */.YjP().min(1).optional(),
    /** Only where every recorded path matches, e.g. `express > * > qs` (`**` spans any depth). */
    path: schemas/* string */.YjP().min(1).optional(),
    owner: schemas/* string */.YjP().min(1),
    reason: schemas/* string */.YjP().min(1),
    /** The last day the exception holds (UTC). */
    expires: exceptions/* ExpiryDateSchema */.zz,
})
    .strict();
/** A package that must not be installed at all, or not in these versions. */
const DenyRuleSchema = schemas/* object */.Ikc({
    name: schemas/* string */.YjP().min(1),
    range: schemas/* string */.YjP()
        .refine((r) => semver_default().validRange(r) !== null, 'is not a semver range')
        .optional(),
    reason: schemas/* string */.YjP().optional(),
    severity: schemas/* enum */.k5n(src_finding/* SEVERITIES */.oC).default('high'),
})
    .strict();
/** The `deps` section of `.github/devsecops.yml`. The JSON Schema in configs/ comes from it. */
const DepsPolicySchema = schemas/* object */.Ikc({
    /** The severity at or above which the gate fails. */
    'fail-on': schemas/* enum */.k5n(src_finding/* SEVERITIES */.oC).optional(),
    /** Which dependency scopes are checked for vulnerabilities; all when absent. */
    scopes: schemas/* array */.YOg(schemas/* enum */.k5n(DEPENDENCY_SCOPES)).min(1).optional(),
    /** `diff` reports only what a pull request adds compared with its base branch. */
    mode: schemas/* enum */.k5n(['full', 'diff']).optional(),
    exceptions: schemas/* array */.YOg(DepsExceptionSchema).default([]),
    deny: schemas/* array */.YOg(DenyRuleSchema).default([]),
    licenses: LicensePolicySchema.optional(),
    'supply-chain': SupplyChainPolicySchema.optional(),
})
    .strict();
/** Parses the `deps` section (every problem listed) and lets inputs override it. */
function resolveDepsPolicy(doc, overrides = {}) {
    const file = (0,src_policy/* parsePolicySection */.fX)(doc, 'deps', DepsPolicySchema);
    const policy = {
        failOn: overrides.failOn ?? file['fail-on'] ?? 'high',
        scopes: overrides.scopes ?? file.scopes ?? [...DEPENDENCY_SCOPES],
        mode: overrides.mode ?? file.mode ?? 'full',
        exceptions: file.exceptions,
        deny: file.deny,
        supplyChain: file['supply-chain'] ?? SupplyChainPolicySchema.parse({}),
    };
    if (file.licenses)
        policy.licenses = file.licenses;
    return policy;
}

/** True when the exception's last day is before `date` (YYYY-MM-DD). */
function isExpired(exception, date) {
    return (0,exceptions/* hasExpired */.oN)(exception.expires, date);
}
/** `express > * > qs` as a matcher of dependency paths (lists of installed names). */
function compilePathPattern(pattern) {
    const segments = pattern
        .split('>')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    const matchers = segments.map((s) => s === '**' ? undefined : new RegExp(`^${s.split('*').map(escapeRegExp).join('[^>]*')}$`));
    const match = (path, i, j) => {
        if (i === matchers.length)
            return j === path.length;
        const m = matchers[i];
        if (m === undefined) {
            for (let k = j; k <= path.length; k++)
                if (match(path, i + 1, k))
                    return true;
            return false;
        }
        return j < path.length && m.test(path[j]) && match(path, i + 1, j + 1);
    };
    return (path) => match(path, 0, 0);
}
function escapeRegExp(text) {
    return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
/**
 * Whether an exception covers this advisory on this package. With a `path`, every recorded path
 * of the package must match, so that a second way in is not waived by accident.
 */
function exceptionCovers(exception, ids, pkg) {
    const wanted = exception.id.toUpperCase();
    if (!ids.some((id) => id.toUpperCase() === wanted))
        return false;
    if (exception.package !== undefined && exception.package !== pkg.name)
        return false;
    if (exception.path !== undefined) {
        const matches = compilePathPattern(exception.path);
        if (pkg.paths.length === 0 || !pkg.paths.every((p) => matches(p)))
            return false;
    }
    return true;
}
/** The deny rule an installed package breaks, if any. */
function deniedBy(pkg, rules) {
    return rules.find((rule) => rule.name === pkg.name &&
        (rule.range === undefined ||
            semver_default().satisfies(pkg.version, rule.range, { includePrerelease: true })));
}

;// CONCATENATED MODULE: ../../actions/dependency-gate/src/gate.ts



/** The tool name findings carry. */
const gate_TOOL = 'devsecops-deps';
/** Rule ids besides advisory ids. */
const RULES = {
    denied: 'deps/denied-package',
    expiredException: (0,expired_exception/* expiredExceptionRule */.BE)('deps'),
};
/**
 * Matches the tree against the advisories, applies scopes, exceptions and the deny list, and
 * turns what remains into findings. Malware is reported whatever the scope or exceptions.
 */
function evaluateGate(options) {
    const { tree, index, policy, date } = options;
    const expired = policy.exceptions.filter((e) => isExpired(e, date));
    const active = policy.exceptions.filter((e) => !isExpired(e, date));
    const scopes = new Set(policy.scopes);
    const findings = [];
    const notes = [];
    const vulnerable = new Set();
    let waived = 0;
    let outOfScope = 0;
    let malwareNotWaived = 0;
    const matches = matchAdvisories(tree.packages, index);
    for (const match of matches) {
        const { pkg, advisory } = match;
        if (!advisory.malware && !scopes.has(pkg.scope)) {
            outOfScope++;
            continue;
        }
        const ids = [advisory.id, ...match.aliases];
        const exception = active.find((e) => exceptionCovers(e, ids, pkg));
        if (exception && advisory.malware)
            malwareNotWaived++;
        else if (exception) {
            waived++;
            continue;
        }
        findings.push(vulnerabilityFinding(match, tree.lockfilePath));
        vulnerable.add(`${pkg.name}@${pkg.version}`);
    }
    const denied = new Set();
    if (policy.deny.length > 0) {
        for (const pkg of tree.packages) {
            if (pkg.link)
                continue;
            const rule = deniedBy(pkg, policy.deny);
            if (!rule)
                continue;
            denied.add(`${pkg.name}@${pkg.version}`);
            findings.push(deniedFinding(pkg, rule.severity, rule.reason, tree.lockfilePath, rule.range));
        }
    }
    for (const exception of expired) {
        findings.push(expiredFinding(exception, options.policyFile ?? '.github/devsecops.yml'));
    }
    if (malwareNotWaived > 0) {
        notes.push(`${malwareNotWaived === 1 ? 'An exception matches a malware report and was' : `${malwareNotWaived} exceptions match malware reports and were`} ignored: exceptions cannot waive malicious packages.`);
    }
    return {
        findings,
        vulnerable: [...vulnerable].sort(),
        denied: [...denied].sort(),
        matches,
        waived,
        outOfScope,
        expired,
        notes,
    };
}
function pathText(pkg) {
    const first = pkg.paths[0];
    return first ? first.join(' > ') : pkg.location;
}
function vulnerabilityFinding(match, lockfilePath) {
    const { pkg, advisory } = match;
    const cve = match.aliases.filter((a) => a.startsWith('CVE-'));
    const idText = cve.length > 0 ? `${advisory.id} (${cve.join(', ')})` : advisory.id;
    let fix;
    if (pkg.bundled && pkg.bundledBy) {
        fix = match.fixedIn
            ? `Fixed in ${match.fixedIn}; it is bundled in ${pkg.bundledBy}, so upgrade ${pkg.bundledBy}.`
            : `No fixed version is known; it is bundled in ${pkg.bundledBy}.`;
    }
    else if (match.fixedIn) {
        fix = `Fixed in ${match.fixedIn}${match.parentAllowsFix === true
            ? ' (the declared range allows it: npm update fixes it)'
            : match.parentAllowsFix === false
                ? ' (outside the declared range: upgrade the parent or the manifest)'
                : ''}.`;
    }
    else {
        fix = 'No fixed version is known.';
    }
    const kind = advisory.malware ? 'is a malicious package' : `is affected by ${idText}`;
    const message = `${pkg.name}@${pkg.version} ${kind} (${advisory.severity}${advisory.summary ? `: ${advisory.summary}` : ''}). ${fix} Path: ${pathText(pkg)} (${pkg.scope}).`;
    const finding = {
        stage: 'deps',
        tool: gate_TOOL,
        ruleId: advisory.id,
        severity: advisory.severity,
        title: advisory.summary || `${advisory.id} in ${advisory.package}`,
        message,
        location: locationOf(pkg, lockfilePath),
        fingerprint: (0,fingerprint/* fingerprintOf */.a)('deps', advisory.id, pkg.name, lockfilePath, pkg.location),
        properties: {
            package: pkg.name,
            version: pkg.version,
            advisory: advisory.id,
            aliases: match.aliases,
            fixedIn: match.fixedIn ?? null,
            parentAllowsFix: match.parentAllowsFix ?? null,
            scope: pkg.scope,
            paths: pkg.paths.map((p) => p.join(' > ')),
            direct: pkg.direct,
            malware: advisory.malware,
            sources: match.sources,
            ...(pkg.bundledBy ? { bundledBy: pkg.bundledBy } : {}),
            ...(advisory.cvssScore !== undefined ? { cvssScore: advisory.cvssScore } : {}),
        },
    };
    if (advisory.url)
        finding.helpUri = advisory.url;
    return finding;
}
function locationOf(pkg, lockfilePath) {
    return pkg.lockfileLine !== undefined
        ? { path: lockfilePath, startLine: pkg.lockfileLine }
        : { path: lockfilePath };
}
function deniedFinding(pkg, severity, reason, lockfilePath, range) {
    return {
        stage: 'deps',
        tool: gate_TOOL,
        ruleId: RULES.denied,
        severity,
        title: 'Denied package',
        message: `${pkg.name}@${pkg.version} is on the deny list${range ? ` (${range})` : ''}${reason ? `: ${reason}` : ''}. Path: ${pathText(pkg)} (${pkg.scope}).`,
        location: locationOf(pkg, lockfilePath),
        fingerprint: (0,fingerprint/* fingerprintOf */.a)('deps', RULES.denied, pkg.name, lockfilePath, pkg.location),
        properties: {
            package: pkg.name,
            version: pkg.version,
            scope: pkg.scope,
            paths: pkg.paths.map((p) => p.join(' > ')),
            direct: pkg.direct,
        },
    };
}
function expiredFinding(exception, policyFile) {
    const detail = [exception.package, exception.path].filter(Boolean).join(', ');
    return (0,expired_exception/* expiredExceptionFinding */.eA)({
        stage: 'deps',
        tool: gate_TOOL,
        name: exception.id,
        detail: detail || undefined,
        owner: exception.owner,
        expires: exception.expires,
        policyFile,
        key: [exception.id, exception.package, exception.path],
        remedy: 'Fix the dependency',
        properties: { advisory: exception.id },
    });
}

// EXTERNAL MODULE: ../../node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(71738);
// EXTERNAL MODULE: ../../node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(54491);
// EXTERNAL MODULE: ../../node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(22812);
;// CONCATENATED MODULE: ../../actions/dependency-gate/src/online/github-advisories.ts








/** The advisory API failed; `status` is the HTTP status when the API answered at all. */
class AdvisoryApiError extends errors/* EnvironmentError */.eG {
    status;
    constructor(message, status) {
        super(message);
        this.status = status;
    }
}
/** The API takes at most this many `affects` entries per request. */
const MAX_AFFECTS = 1000;
/** Keeps request URLs well below the 8,000-character limit the API documents. */
const MAX_AFFECTS_CHARS = 6000;
/**
 * Asks GitHub's global security advisories API (`GET /advisories?ecosystem=npm&affects=…`)
 * which advisories affect the given packages, in batches of `name@version` entries, following
 * pagination. 5xx answers are retried with back-off and rate limits are waited out (once).
 * Advisories come back in the same model as the OSV and npm audit sources. Throws
 * EnvironmentError when the API cannot be reached or keeps failing; the caller decides whether
 * another source answered.
 */
async function fetchGithubAdvisories(packages, options) {
    const coordinates = [...new Set(packages.map((p) => `${p.name}@${p.version}`))].sort();
    const types = options.types ?? ['reviewed', 'malware'];
    const cacheKey = options.cache
        ? await options.cache.keyFor([options.apiUrl, ...types, ...coordinates])
        : '';
    const cached = options.cache ? await options.cache.restore(cacheKey) : undefined;
    let records;
    let requests = 0;
    if (cached) {
        records = cached;
        options.logger.info(`Read ${plural(records.length, 'GitHub advisory', 'GitHub advisories')} from the cache.`);
    }
    else {
        const octokit = createClient(options);
        const seen = new Set();
        records = [];
        for (const type of types) {
            for (const batch of batches(coordinates)) {
                let pages;
                try {
                    pages = await octokit.paginate('GET /advisories', {
                        ecosystem: 'npm',
                        type,
                        affects: batch.join(','),
                        per_page: 100,
                    }, (response) => {
                        requests++;
                        return response.data;
                    });
                }
                catch (error) {
                    throw describeFailure(error, options.apiUrl);
                }
                for (const record of pages) {
                    const id = record.ghsa_id;
                    if (typeof id === 'string' && !seen.has(id)) {
                        seen.add(id);
                        records.push(record);
                    }
                }
            }
        }
        options.logger.info(`GitHub advisory API: ${plural(records.length, 'advisory', 'advisories')} for ${plural(coordinates.length, 'package')} in ${plural(requests, 'request')}.`);
        if (options.cache)
            await options.cache.save(cacheKey, records);
    }
    const stats = emptyStats();
    const wanted = new Set(packages.map((p) => p.name.toLowerCase()));
    const advisories = records.flatMap((r) => githubToAdvisories(r, stats, wanted));
    return { advisories, stats, requests, fromCache: cached !== undefined };
}
function createClient(options) {
    const logger = options.logger;
    return (0,github/* getOctokit */.Q)(options.token, {
        baseUrl: options.apiUrl.replace(/\/+$/, ''),
        ...(options.fetch ? { request: { fetch: options.fetch } } : {}),
        retry: {
            retries: options.retries ?? 3,
            retryAfterBaseValue: options.retryDelayMs ?? 1000,
        },
        throttle: {
            // Waits are the API's retry-after seconds times this base (1000 ms in production).
            retryAfterBaseValue: options.retryDelayMs ?? 1000,
            onRateLimit: (retryAfter, request, _o, retryCount) => {
                logger.warning(`GitHub API rate limit reached on ${request.method} ${request.url}; retrying in ${retryAfter} s.`);
                return retryCount < 1;
            },
            onSecondaryRateLimit: (retryAfter, request, _o, retryCount) => {
                logger.warning(`GitHub API secondary rate limit on ${request.method} ${request.url}; retrying in ${retryAfter} s.`);
                return retryCount < 1;
            },
        },
        log: {
            debug: (m) => logger.debug(m),
            info: (m) => logger.debug(m),
            warn: (m) => logger.debug(m),
            error: (m) => logger.debug(m),
        },
    }, failFastOnConnectionErrors(Math.min(options.retries ?? 3, 1)), dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A);
}
/** Error codes meaning the host cannot be reached at all; retrying them for long does not help. */
const CONNECTION_CODES = new Set([
    'ENOTFOUND',
    'EAI_AGAIN',
    'ECONNREFUSED',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ECONNRESET',
    'ETIMEDOUT',
    'UND_ERR_CONNECT_TIMEOUT',
]);
/** The low-level code (`ENOTFOUND`…) of a failed fetch wrapped by Octokit, if any. */
function connectionCode(error) {
    let e = error;
    for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
        const code = e.code;
        if (typeof code === 'string' && CONNECTION_CODES.has(code))
            return code;
        e = e.cause;
    }
    return undefined;
}
/**
 * Octokit reports a failed connection as HTTP 500, which the retry plugin retries with
 * back-off (about 15 s). This plugin, registered before it, caps such a request at one retry.
 */
function failFastOnConnectionErrors(retries) {
    return (octokit) => {
        octokit.hook.error('request', (error, options) => {
            const request = options.request;
            if (connectionCode(error) && request) {
                request.retries = Math.min(request.retries ?? retries, retries);
            }
            throw error;
        });
    };
}
function describeFailure(error, apiUrl) {
    let host = apiUrl;
    try {
        host = new URL(apiUrl).host;
    }
    catch {
        // keep the configured text
    }
    const code = connectionCode(error);
    if (code) {
        const what = code === 'ENOTFOUND' || code === 'EAI_AGAIN'
            ? `its name does not resolve (${code})`
            : `the connection failed (${code})`;
        return new AdvisoryApiError(`Cannot reach the GitHub advisory API at ${host}: ${what}. Check the network, or run offline: --offline with OSV advisories (--advisories DIR or ZIP) or an npm audit report (--npm-audit FILE).`);
    }
    const status = error.status;
    return new AdvisoryApiError(`GitHub advisory API at ${apiUrl} failed: ${describeHttpError(error)}. Check the network and the token, or run offline: --offline with OSV advisories (--advisories) or an npm audit report (--npm-audit).`, typeof status === 'number' ? status : undefined);
}
function* batches(coordinates) {
    let batch = [];
    let chars = 0;
    for (const c of coordinates) {
        const size = encodeURIComponent(c).length + 3;
        if (batch.length > 0 && (batch.length >= MAX_AFFECTS || chars + size > MAX_AFFECTS_CHARS)) {
            yield batch;
            batch = [];
            chars = 0;
        }
        batch.push(c);
        chars += size;
    }
    if (batch.length > 0)
        yield batch;
}
const github_advisories_isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/**
 * Converts one record of the global advisories API into advisories, one per npm package it
 * lists (only the packages asked about). Withdrawn records and malformed ranges are counted in
 * `stats`, not thrown.
 */
function githubToAdvisories(record, stats, wanted) {
    stats.records++;
    if (!github_advisories_isObject(record) ||
        typeof record['ghsa_id'] !== 'string' ||
        !Array.isArray(record['vulnerabilities'])) {
        stats.invalidRecords++;
        return [];
    }
    if (record['withdrawn_at']) {
        stats.withdrawn++;
        return [];
    }
    const id = record['ghsa_id'];
    const malware = record['type'] === 'malware';
    const severity = malware
        ? { severity: 'critical', from: 'malware' }
        : github_advisories_severityOf(record);
    if (severity.from === 'default')
        stats.defaultSeverity++;
    const aliases = new Set();
    if (typeof record['cve_id'] === 'string')
        aliases.add(record['cve_id']);
    if (Array.isArray(record['identifiers'])) {
        for (const i of record['identifiers'])
            if (github_advisories_isObject(i) && typeof i['value'] === 'string')
                aliases.add(i['value']);
    }
    aliases.delete(id);
    const byPackage = new Map();
    let sawNpm = false;
    for (const v of record['vulnerabilities']) {
        if (!github_advisories_isObject(v) || !github_advisories_isObject(v['package']))
            continue;
        if (v['package']['ecosystem'] !== 'npm')
            continue;
        sawNpm = true;
        const name = v['package']['name'];
        if (typeof name !== 'string' || name === '')
            continue;
        if (wanted && !wanted.has(name.toLowerCase()))
            continue;
        const entry = byPackage.get(name.toLowerCase()) ?? { name, intervals: [], ranges: [] };
        const range = typeof v['vulnerable_version_range'] === 'string' ? v['vulnerable_version_range'] : '';
        const patched = typeof v['first_patched_version'] === 'string' ? v['first_patched_version'] : undefined;
        const parsed = parseVulnerableRange(range, patched);
        if (parsed === undefined)
            stats.invalidRanges++;
        else if ('interval' in parsed)
            entry.intervals.push(parsed.interval);
        else
            entry.ranges.push(parsed.range);
        byPackage.set(name.toLowerCase(), entry);
    }
    if (!sawNpm) {
        stats.otherEcosystems++;
        return [];
    }
    const out = [];
    for (const entry of byPackage.values()) {
        if (entry.intervals.length + entry.ranges.length === 0)
            continue;
        const advisory = {
            id,
            aliases: [...aliases],
            source: 'github',
            package: entry.name,
            summary: typeof record['summary'] === 'string' ? record['summary'] : '',
            severity: severity.severity,
            severityFrom: severity.from,
            intervals: entry.intervals,
            ranges: entry.ranges,
            versions: [],
            malware,
            url: typeof record['html_url'] === 'string'
                ? record['html_url']
                : `https://github.com/advisories/${id}`,
        };
        if (severity.score !== undefined)
            advisory.cvssScore = severity.score;
        out.push(advisory);
    }
    stats.advisories += out.length;
    return out;
}
/**
 * GitHub's `vulnerable_version_range` (`>= 1.0.0, < 1.2.3`, `<= 2.0.0`, `= 1.0.0`) as an
 * interval, or as a semver range when it does not fit one (a `>` lower bound).
 */
function parseVulnerableRange(range, firstPatched) {
    const parts = range
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
    if (parts.length === 0)
        return undefined;
    const interval = {};
    for (const part of parts) {
        const m = /^(>=|<=|>|<|=)?\s*v?(\S+)$/.exec(part);
        if (!m)
            return undefined;
        const [op, version] = [m[1] ?? '=', m[2]];
        // `>= 0` is how GitHub writes "every version".
        if (op === '>=' && (version === '0' || version === '0.0.0'))
            continue;
        if (semver_default().valid(version) === null)
            return undefined;
        if (op === '>=')
            interval.introduced = version;
        else if (op === '<')
            interval.fixed = version;
        else if (op === '<=')
            interval.lastAffected = version;
        else if (op === '=') {
            interval.introduced = version;
            interval.lastAffected = version;
        }
        else {
            const asRange = parts.join(' ');
            return semver_default().validRange(asRange) ? { range: asRange } : undefined;
        }
    }
    if (!interval.fixed && !interval.lastAffected && firstPatched && semver_default().valid(firstPatched)) {
        interval.fixed = firstPatched;
    }
    return { interval };
}
function github_advisories_severityOf(record) {
    const label = typeof record['severity'] === 'string' ? (0,src_finding/* parseSeverity */.lv)(record['severity']) : undefined;
    if (label)
        return { severity: label, from: 'database' };
    const cvss = github_advisories_isObject(record['cvss_severities']) ? record['cvss_severities'] : {};
    const v3 = github_advisories_isObject(cvss['cvss_v3']) ? cvss['cvss_v3']['vector_string'] : undefined;
    const legacy = github_advisories_isObject(record['cvss']) ? record['cvss']['vector_string'] : undefined;
    for (const vector of [v3, legacy]) {
        if (typeof vector !== 'string')
            continue;
        const score = cvss3BaseScore(vector);
        if (score !== undefined)
            return { severity: severityOfScore(score), from: 'cvss-v3', score };
    }
    const v4 = github_advisories_isObject(cvss['cvss_v4']) ? cvss['cvss_v4']['vector_string'] : undefined;
    if (typeof v4 === 'string') {
        const severity = cvss4Severity(v4);
        if (severity)
            return { severity, from: 'cvss-v4' };
    }
    return { severity: 'medium', from: 'default' };
}
function describeHttpError(error) {
    const e = error;
    if (e.status)
        return `HTTP ${e.status}${e.message ? ` (${e.message.split('\n')[0]})` : ''}`;
    return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
}
function plural(n, one, many = `${one}s`) {
    return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

;// CONCATENATED MODULE: ../../actions/dependency-gate/src/supply-chain/manifest.ts





/** The dependency sections of package.json that a lockfile must satisfy. */
const MANIFEST_SECTIONS = [
    'dependencies',
    'devDependencies',
    'optionalDependencies',
];
/**
 * Compares what package.json (root and workspaces) declares with what the lockfile installs, as
 * `npm ci` does: a missing package or a version outside the declared range is a problem. Aliases
 * (`npm:real@^1`) check the real name; git specs the repository and full commit; tarball URLs and
 * local paths the recorded source. Dist-tags (`latest`) cannot be checked offline and pass.
 */
function findSyncProblems(tree) {
    const byLocation = new Map(tree.packages.map((p) => [p.location, p]));
    const problems = [];
    const manifests = [
        ['', tree.manifest],
        ...Object.entries(tree.workspaces),
    ];
    for (const [workspace, manifest] of manifests) {
        for (const section of MANIFEST_SECTIONS) {
            const deps = manifest[section];
            if (typeof deps !== 'object' || deps === null)
                continue;
            for (const [name, spec] of Object.entries(deps)) {
                if (typeof spec !== 'string')
                    continue;
                // npm installs an optional dependency that is also a regular one as the regular one.
                if (section === 'optionalDependencies' && isDeclaredElsewhere(manifest, name))
                    continue;
                const installed = (workspace ? byLocation.get(`${workspace}/node_modules/${name}`) : undefined) ??
                    byLocation.get(`node_modules/${name}`);
                const fromDir = (0,external_node_path_.resolve)(tree.root, workspace);
                if (!installed) {
                    problems.push({ workspace, section, name, spec });
                }
                else if (satisfiesSpec(installed, name, spec, fromDir, tree.root) === false) {
                    problems.push({ workspace, section, name, spec, installed });
                }
            }
        }
    }
    return problems;
}
function isDeclaredElsewhere(manifest, name) {
    return ['dependencies', 'devDependencies'].some((s) => {
        const deps = manifest[s];
        return typeof deps === 'object' && deps !== null && name in deps;
    });
}
/** True when the installed package satisfies the spec, false when not, undefined when unknowable. */
function satisfiesSpec(installed, name, spec, fromDir, root) {
    let parsed;
    try {
        parsed = npa_default().resolve(name, spec, fromDir);
    }
    catch {
        return undefined;
    }
    switch (parsed.type) {
        case 'version':
        case 'range':
            if (installed.name !== name)
                return false;
            return versionSatisfies(installed.version, parsed.fetchSpec ?? '*');
        case 'tag':
            return installed.name === name;
        case 'alias': {
            const sub = parsed.subSpec;
            if (installed.name !== sub.name)
                return false;
            return sub.type === 'tag' ? true : versionSatisfies(installed.version, sub.fetchSpec ?? '*');
        }
        case 'git':
            return satisfiesGit(installed, parsed);
        case 'remote':
            return installed.resolved === undefined ? undefined : installed.resolved === parsed.fetchSpec;
        case 'file':
        case 'directory': {
            const recorded = installed.resolved?.replace(/^file:/, '');
            if (recorded === undefined)
                return undefined;
            return (0,external_node_path_.resolve)(root, recorded) === parsed.fetchSpec;
        }
        default:
            return undefined;
    }
}
function versionSatisfies(version, range) {
    if (!semver_default().valid(version, { loose: true }))
        return undefined;
    if (semver_default().validRange(range, { loose: true }) === null)
        return undefined;
    return semver_default().satisfies(version, range, { loose: true, includePrerelease: false });
}
function satisfiesGit(installed, parsed) {
    if (!installed.resolved)
        return undefined;
    let node;
    try {
        node = npa_default()(installed.resolved);
    }
    catch {
        return undefined;
    }
    if (node.type !== 'git')
        return false;
    const repoOf = (r) => r.hosted?.ssh?.({
        noCommittish: true,
    }) ?? r.fetchSpec;
    if (repoOf(node) !== repoOf(parsed))
        return false;
    if (parsed.gitRange)
        return versionSatisfies(installed.version, parsed.gitRange);
    const wanted = parsed.gitCommittish;
    // A branch or tag name cannot be checked offline; a full commit SHA can.
    if (wanted && /^[0-9a-f]{40}$/i.test(wanted))
        return node.gitCommittish === wanted;
    return true;
}
/** Whether a project folder has an npm lockfile. */
function hasNpmLockfile(projectDir) {
    return ['package-lock.json', 'npm-shrinkwrap.json'].some((f) => (0,external_node_fs_.existsSync)((0,external_node_path_.join)(projectDir, f)));
}
/** Whether a manifest declares any dependency a lockfile would pin. */
function declaresDependencies(manifest) {
    return MANIFEST_SECTIONS.some((s) => {
        const deps = manifest[s];
        return typeof deps === 'object' && deps !== null && Object.keys(deps).length > 0;
    });
}
/**
 * The 1-based line of a dependency's entry in a package.json text, searching the given section
 * first; undefined when not found.
 */
function manifestLine(text, section, name) {
    const start = text.indexOf(`"${section}"`);
    const quoted = `"${name}"`;
    let at = start >= 0 ? text.indexOf(quoted, start) : -1;
    if (at < 0)
        at = text.indexOf(quoted);
    if (at < 0)
        return undefined;
    return text.slice(0, at).split('\n').length;
}
/** Reads a package.json text when it exists. */
function readManifestText(tree, workspace) {
    try {
        return stripBom((0,external_node_fs_.readFileSync)((0,external_node_path_.join)(tree.root, workspace, 'package.json'), 'utf8'));
    }
    catch {
        return undefined;
    }
}
/** The repository-relative path of a package.json beside the lockfile (or in a workspace). */
function manifestPath(tree, workspace = '') {
    const dir = external_node_path_.posix.dirname(tree.lockfilePath);
    return external_node_path_.posix.join(dir === '.' ? '' : dir, workspace, 'package.json');
}

;// CONCATENATED MODULE: ../../actions/dependency-gate/src/data/top-packages.json
const top_packages_namespaceObject = /*#__PURE__*/JSON.parse('{"U":["@actions/core","@actions/github","@angular/cli","@angular/common","@angular/compiler","@angular/core","@angular/forms","@angular/platform-browser","@angular/router","@apollo/client","@aws-sdk/client-s3","@azure/identity","@azure/storage-blob","@babel/cli","@babel/code-frame","@babel/compat-data","@babel/core","@babel/eslint-parser","@babel/generator","@babel/helper-plugin-utils","@babel/helpers","@babel/highlight","@babel/parser","@babel/plugin-proposal-class-properties","@babel/plugin-transform-runtime","@babel/polyfill","@babel/preset-env","@babel/preset-react","@babel/preset-typescript","@babel/register","@babel/runtime","@babel/template","@babel/traverse","@babel/types","@changesets/cli","@commitlint/cli","@commitlint/config-conventional","@elastic/elasticsearch","@emotion/cache","@emotion/react","@emotion/styled","@fortawesome/fontawesome-svg-core","@fortawesome/react-fontawesome","@google-cloud/storage","@graphql-tools/schema","@hapi/hapi","@jest/core","@jest/transform","@jest/types","@mapbox/node-pre-gyp","@material-ui/core","@mui/material","@nestjs/common","@nestjs/core","@nestjs/platform-express","@npmcli/arborist","@octokit/core","@octokit/rest","@playwright/test","@pmmmwh/react-refresh-webpack-plugin","@popperjs/core","@prisma/client","@reduxjs/toolkit","@rollup/plugin-babel","@rollup/plugin-commonjs","@rollup/plugin-json","@rollup/plugin-node-resolve","@rollup/plugin-typescript","@rollup/pluginutils","@swc/core","@tanstack/react-query","@testing-library/dom","@testing-library/jest-dom","@testing-library/react","@testing-library/user-event","@types/aria-query","@types/babel__core","@types/babel__generator","@types/babel__template","@types/babel__traverse","@types/bluebird","@types/body-parser","@types/cacheable-request","@types/chai","@types/connect","@types/cookie","@types/cors","@types/debug","@types/eslint","@types/eslint-scope","@types/estree","@types/express","@types/express-serve-static-core","@types/fs-extra","@types/glob","@types/graceful-fs","@types/hoist-non-react-statics","@types/http-cache-semantics","@types/http-errors","@types/inquirer","@types/istanbul-lib-coverage","@types/istanbul-lib-report","@types/istanbul-reports","@types/jest","@types/jquery","@types/json-schema","@types/jsonwebtoken","@types/keyv","@types/lodash","@types/mime","@types/minimatch","@types/minimist","@types/mocha","@types/node","@types/node-fetch","@types/normalize-package-data","@types/parse-json","@types/prop-types","@types/qs","@types/range-parser","@types/react","@types/react-dom","@types/react-redux","@types/react-router","@types/request","@types/responselike","@types/scheduler","@types/semver","@types/send","@types/serve-static","@types/stack-utils","@types/uuid","@types/webpack","@types/ws","@types/yargs","@types/yargs-parser","@typescript-eslint/eslint-plugin","@typescript-eslint/parser","@typescript-eslint/scope-manager","@typescript-eslint/types","@typescript-eslint/typescript-estree","@typescript-eslint/utils","@typescript-eslint/visitor-keys","@vitejs/plugin-react","@vitest/expect","@vue/compiler-sfc","@xmldom/xmldom","abbrev","accepts","acorn","acorn-jsx","acorn-walk","adm-zip","agenda","agent-base","ajv","ajv-keywords","amqplib","angular","animate.css","ansi","ansi-colors","ansi-gray","ansi-regex","ansi-styles","antd","any-promise","anymatch","apollo-client","apollo-server","apollo-server-express","archiver","arg","argon2","arr-diff","arr-flatten","arr-union","array-differ","array-flatten","array-includes","array-union","array-uniq","array-unique","array.prototype.flat","array.prototype.flatmap","arraybuffer.prototype.slice","asn1","asn1.js","assert","assert-plus","assign-symbols","async","async-each","async-retry","asynckit","atob","autoprefixer","ava","available-typed-arrays","aws-sdk","aws-sign2","aws4","axios","axios-retry","babel-cli","babel-code-frame","babel-core","babel-eslint","babel-generator","babel-helpers","babel-jest","babel-loader","babel-messages","babel-plugin-istanbul","babel-plugin-transform-runtime","babel-polyfill","babel-preset-env","babel-preset-es2015","babel-preset-react","babel-preset-stage-0","babel-register","babel-runtime","babel-template","babel-traverse","babel-types","babelify","backbone","balanced-match","base","base64-js","bcrypt","bcrypt-nodejs","bcrypt-pbkdf","bcryptjs","better-sqlite3","big.js","bignumber.js","bindings","block-stream","bluebird","bn.js","body-parser","boolbase","bootstrap","bower","bowser","boxen","brace-expansion","braces","browser-sync","browserify","browserify-zlib","browserslist","buffer","buffer-equal-constant-time","buffer-from","bull","bullmq","bunyan","busboy","bytes","c8","cac","cache-base","cacheable-request","call-bind","camel-case","camelcase","camelcase-keys","caniuse-lite","canvas","caporal","caseless","cassandra-driver","chai","chai-as-promised","chalk","chart.js","cheerio","child-process-promise","chokidar","cidr-regex","circular-json","class-utils","classnames","clean-css","clean-webpack-plugin","cli-color","cli-progress","cli-spinners","cli-table","cli-table3","clipanion","clipboardy","cliui","clone","clone-deep","co","codecov","coffee-script","coffeescript","collection-visit","color-convert","color-name","colors","combined-stream","commander","commitizen","compare-versions","component-emitter","compression","compression-webpack-plugin","concat-map","concat-stream","concurrently","config","configstore","connect","connect-flash","connect-mongo","consola","console-browserify","consolidate","constants-browserify","content-disposition","content-type","conventional-changelog","convict","cookie","cookie-parser","cookie-session","cookie-signature","copy-descriptor","copy-webpack-plugin","copyfiles","core-js","core-util-is","cors","cosmiconfig","coveralls","cpy","create-hash","create-hmac","create-react-app","cron","cross-env","cross-fetch","cross-spawn","crypto","crypto-browserify","crypto-js","css-loader","css-minimizer-webpack-plugin","css-select","css-what","cssnano","csurf","csv-parse","csv-parser","cuid","cypress","d3","dashdash","date-fns","dateformat","dayjs","debug","debug-log","decamelize","decamelize-keys","decimal.js","decode-uri-component","decompress","dedent","deep-equal","deep-extend","deepmerge","define-data-property","define-properties","define-property","del","delayed-stream","depd","dequal","destroy","detect-browser","diff","dom-serializer","domain-browserify","domhandler","dompurify","domutils","dotenv","dotenv-expand","dotenv-webpack","duplexify","dustjs-linkedin","ecc-jsbn","ecdsa-sig-formatter","echarts","ee-first","ejs","elasticsearch","electron","electron-builder","electron-packager","electron-to-chromium","electron-updater","elliptic","ember-cli","ember-cli-babel","ember-source","emitter","emittery","emoji-regex","emotion","encodeurl","encoding","end-of-stream","engine.io","engine.io-client","enhanced-resolve","enquirer","entities","enzyme","enzyme-adapter-react-16","es-abstract","es-define-property","es-errors","es-object-atoms","es-set-tostringtag","es-shim-unscopables","es-to-primitive","es6-promise","esbuild","escalade","escape-html","escape-string-regexp","escodegen","eslint","eslint-config-airbnb","eslint-config-prettier","eslint-config-standard","eslint-plugin-flowtype","eslint-plugin-import","eslint-plugin-jest","eslint-plugin-jsx-a11y","eslint-plugin-node","eslint-plugin-prettier","eslint-plugin-promise","eslint-plugin-react","eslint-plugin-react-hooks","eslint-plugin-standard","eslint-plugin-vue","eslint-scope","eslint-utils","eslint-visitor-keys","espree","esprima","esquery","esrecurse","estraverse","esutils","etag","event-stream","eventemitter3","events","exceljs","execa","expand-brackets","expect","express","express-fileupload","express-graphql","express-handlebars","express-jwt","express-rate-limit","express-session","express-static-gzip","express-validator","extend","extend-shallow","extglob","extract-text-webpack-plugin","extsprintf","fancy-log","fast-deep-equal","fast-diff","fast-equals","fast-glob","fast-json-stable-stringify","fast-safe-stringify","fast-xml-parser","fastify","faye-websocket","figlet","file-loader","file-type","filesize","fill-range","finalhandler","find-up","firebase","firebase-admin","flatted","flow-bin","font-awesome","for-each","for-in","for-own","foreach","forever","forever-agent","fork-ts-checker-webpack-plugin","form-data","formidable","formik","forwarded","fp-ts","fragment-cache","framer-motion","fresh","from2","fs-extra","fs.realpath","fsevents","fstream","fstream-ignore","function-bind","functions-have-names","gatsby","generator-generator","get-caller-file","get-intrinsic","get-stream","get-value","getpass","glob","glob-parent","globalthis","globby","gm","googleapis","gopd","got","graceful-fs","graphql","graphql-tag","graphql-tools","grunt","grunt-cli","grunt-contrib-clean","grunt-contrib-concat","grunt-contrib-copy","grunt-contrib-cssmin","grunt-contrib-jshint","grunt-contrib-uglify","grunt-contrib-watch","gulp","gulp-autoprefixer","gulp-babel","gulp-clean-css","gulp-concat","gulp-eslint","gulp-if","gulp-imagemin","gulp-plumber","gulp-postcss","gulp-rename","gulp-replace","gulp-sass","gulp-sourcemaps","gulp-typescript","gulp-uglify","gulp-util","gulp-watch","handlebars","hapi","happy-dom","har-schema","har-validator","has","has-bigints","has-flag","has-property-descriptors","has-proto","has-symbols","has-value","has-values","hash.js","hashids","hasown","hbs","helmet","highcharts","highlight.js","history","hoist-non-react-statics","home-or-tmp","hosted-git-info","html-webpack-plugin","htmlhint","htmlparser2","http-errors","http-proxy","http-proxy-agent","http-proxy-middleware","http-signature","https-browserify","https-proxy-agent","humanize-duration","husky","hygen","i18n","i18next","iconv","iconv-lite","ieee754","image-size","immer","immutable","indent-string","inflight","inherits","ini","inquirer","internal-slot","invariant","ioredis","ip","ip-regex","ipaddr.js","is-accessor-descriptor","is-array-buffer","is-bigint","is-boolean-object","is-buffer","is-callable","is-core-module","is-data-descriptor","is-date-object","is-descriptor","is-extendable","is-extglob","is-fullwidth-code-point","is-glob","is-ip","is-number","is-number-object","is-plain-obj","is-plain-object","is-regex","is-regexp","is-shared-array-buffer","is-stream","is-string","is-symbol","is-typed-array","is-typedarray","is-weakref","isarray","isexe","isobject","isomorphic-fetch","isstream","istanbul","istanbul-lib-coverage","istanbul-lib-instrument","istanbul-reports","jade","jasmine","jest","jest-cli","jest-config","jest-diff","jest-environment-jsdom","jest-matcher-utils","jest-resolve","jest-runtime","jest-snapshot","jest-util","jimp","joi","jquery","jquery-ui","js-tokens","js-yaml","jsbn","jscs","jsdom","jshint","json-schema","json-schema-traverse","json-stable-stringify","json-stringify-safe","json2csv","json5","jsonfile","jsonwebtoken","jsprim","jsrsasign","jszip","jwa","jws","kafka-node","kafkajs","karma","karma-chrome-launcher","karma-coverage","karma-jasmine","karma-webpack","keyv","kind-of","kleur","knex","knockout","koa","koa-bodyparser","koa-router","koa-static","leaflet","lerna","less","less-loader","libnpmpublish","lint-staged","listr","load-grunt-tasks","loader-runner","loader-utils","locate-path","lodash","lodash-es","lodash._getnative","lodash._reinterpolate","lodash.assign","lodash.camelcase","lodash.clone","lodash.clonedeep","lodash.debounce","lodash.defaults","lodash.escape","lodash.flatten","lodash.get","lodash.includes","lodash.isarguments","lodash.isarray","lodash.isboolean","lodash.isequal","lodash.isinteger","lodash.isnumber","lodash.isplainobject","lodash.isstring","lodash.kebabcase","lodash.keys","lodash.memoize","lodash.merge","lodash.once","lodash.restparam","lodash.set","lodash.snakecase","lodash.sortby","lodash.template","lodash.templatesettings","lodash.throttle","lodash.uniq","log-symbols","log4js","loglevel","long","loopback","loose-envify","lru-cache","luxon","magic-string","make-dir","map-obj","map-visit","mapbox-gl","markdown-it","markdownlint","marked","md5","md5.js","media-typer","memory-cache","memory-fs","meow","merge","merge-descriptors","merge-stream","merge2","method-override","methods","micromatch","mime","mime-db","mime-types","mini-css-extract-plugin","minimatch","minimist","mitt","mixin-deep","mkdirp","mobx","mocha","mocha-junit-reporter","moment","moment-locales-webpack-plugin","moment-timezone","mongodb","mongoose","morgan","ms","mssql","multer","mustache","mysql","mysql2","mz","nan","nanoid","nanomatch","nconf","ncp","needle","negotiator","neo-async","netmask","next","nock","node-addon-api","node-cache","node-cron","node-fetch","node-forge","node-gyp","node-pre-gyp","node-releases","node-sass","node-uuid","node-zip","nodemailer","nodemon","nopt","normalize-package-data","normalize-url","npm","npm-check-updates","npm-package-arg","npm-pick-manifest","npm-registry-fetch","npm-run-all","npm-run-path","npmlog","npx","nth-check","numeral","nunjucks","nuxt","nx","nyc","oauth-sign","object-assign","object-copy","object-hash","object-inspect","object-keys","object-visit","object.assign","object.entries","object.fromentries","object.values","on-finished","once","open","openapi-types","opn","optimist","optimize-css-assets-webpack-plugin","ora","oracledb","ordered-read-streams","os-browserify","os-homedir","os-tmpdir","osenv","p-each-series","p-finally","p-limit","p-locate","p-map","p-queue","p-retry","p-timeout","p-try","pacote","pako","papaparse","parcel","parse5","parseurl","passport","passport-jwt","passport-local","patch-package","path-browserify","path-exists","path-is-absolute","path-key","path-parse","path-to-regexp","paypal-rest-sdk","pbkdf2","pdf-lib","pdfkit","performance-now","pg","picocolors","picomatch","pify","pino","pino-pretty","pkg-dir","pkg-up","platform","playwright","plop","plugin-error","pm2","pnpm","popper.js","posix-character-classes","postcss","postcss-cli","postcss-import","postcss-loader","postcss-modules","postcss-preset-env","postcss-selector-parser","postcss-value-parser","postinstall-postinstall","preact","prebuild-install","prettier","pretty-bytes","pretty-format","pretty-hrtime","pretty-ms","prisma","prismjs","process-nextick-args","progress","promise","prompts","prop-types","protractor","proxy-addr","proxy-agent","psl","pug","pump","pumpify","punycode","puppeteer","q","qs","query-string","querystring","quick-lru","ramda","randombytes","range-parser","raw-body","rc","react","react-beautiful-dnd","react-bootstrap","react-datepicker","react-dnd","react-dom","react-helmet","react-hook-form","react-hot-loader","react-i18next","react-icons","react-intl","react-is","react-markdown","react-modal","react-native","react-query","react-redux","react-refresh","react-router","react-router-dom","react-scripts","react-select","react-spring","react-table","react-test-renderer","react-transition-group","react-virtualized","react-window","read-pkg","read-pkg-up","readable-stream","readdirp","readline-sync","recharts","redent","redis","redux","redux-logger","redux-saga","redux-thunk","regenerator-runtime","regenerator-transform","regex-not","regexp.prototype.flags","remark","repeat-element","repeat-string","request","request-ip","request-promise","request-promise-native","require-directory","reselect","resolve","resolve-url","restify","retry","rimraf","rollup","rollup-plugin-terser","rxjs","safe-array-concat","safe-buffer","safe-regex-test","safe-stable-stringify","safer-buffer","sails","sanitize-html","sass","sass-loader","sax","scheduler","schema-utils","scrypt-js","secp256k1","select2","selenium-webdriver","semantic-release","semver","semver-compare","semver-regex","send","sequelize","serialize-javascript","serve-favicon","serve-static","set-function-length","set-function-name","set-value","setprototypeof","sha1","shallowequal","sharp","shebang-command","shebang-regex","shell-quote","shelljs","shortid","should","showdown","side-channel","signal-exit","signale","sinon","sinon-chai","snapdragon","snapdragon-node","snapdragon-util","socket.io","socket.io-client","socket.io-parser","sockjs","sockjs-client","socks","socks-proxy-agent","source-map","source-map-js","source-map-resolve","source-map-support","source-map-url","spdx-correct","spdx-exceptions","spdx-expression-parse","spdx-license-ids","split-string","sqlite3","sshpk","standard","standard-version","static-extend","statuses","stream-browserify","stream-combiner2","stream-http","stream-shift","string-width","string.prototype.trim","string.prototype.trimend","string.prototype.trimstart","string_decoder","strip-ansi","strip-bom","strip-eof","strip-indent","strip-json-comments","stripe","style-loader","styled-components","stylelint","stylelint-config-standard","stylus","sugar","superagent","supertest","supports-color","svelte","swagger-jsdoc","swagger-ui-express","swc-loader","swig","swr","tailwindcss","tapable","tape","tar","tar-fs","tar-stream","tedious","temp","tempy","terser","terser-webpack-plugin","text-encoding","thenify","thenify-all","three","through","through2","through2-filter","time-grunt","time-stamp","timers-browserify","tiny-invariant","tiny-warning","tippy.js","tmp","tmp-promise","to-regex","to-regex-range","to-through","toidentifier","toml","tough-cookie","tr46","trim-newlines","ts-jest","ts-loader","ts-node","tslib","tslint","tsutils","tsx","tty-browserify","tunnel-agent","turbo","tweetnacl","tweetnacl-util","twig","twilio","type-graphql","type-is","typed-array-buffer","typed-array-byte-length","typed-array-byte-offset","typed-array-length","typeorm","typescript","ua-parser-js","uglify-js","unbox-primitive","underscore","underscore.string","undici","unified","union-value","universalify","unpipe","unset-value","unzipper","update-browserslist-db","update-notifier","uri-js","urix","url","url-join","url-loader","url-parse","use","user-home","useragent","util","util-deprecate","util.promisify","utils-merge","uuid","validate-npm-package-license","validator","vary","verror","vhost","vinyl","vinyl-fs","vite","vitest","vm-browserify","vorpal","vue","vue-loader","vue-router","vue-template-compiler","vuex","warning","watchify","watchpack","webdriverio","webidl-conversions","webpack","webpack-bundle-analyzer","webpack-cli","webpack-dev-middleware","webpack-dev-server","webpack-hot-middleware","webpack-merge","webpack-node-externals","websocket-driver","websocket-extensions","whatwg-encoding","whatwg-fetch","whatwg-url","when","which","which-boxed-primitive","which-typed-array","winston","wrap-ansi","wrappy","ws","xdg-basedir","xlsx","xml2js","xmlbuilder","xmldom","xo","xss","xstate","xtend","y18n","yaml","yargs","yargs-parser","yarn","yauzl","yazl","yeoman-environment","yeoman-generator","yo","yup","zlib","zod","zone.js","zustand"]}');
;// CONCATENATED MODULE: ../../actions/dependency-gate/src/supply-chain/typosquat.ts

/** The widely depended-upon package names shipped with the action. */
const TOP_PACKAGES = top_packages_namespaceObject.U;
/** Names shorter than this are compared only for separator and scope confusion. */
const MIN_EDIT_LENGTH = 5;
/** From this length on, the configured (larger) distance applies. */
const LONG_NAME = 10;
/**
 * Builds a detector that tells whether a package name imitates a popular one: one edit away for
 * short names, up to `distance` for long ones (swaps of neighbouring letters count as one
 * edit), the same letters with other separators (`crossenv` for `cross-env`), a scope turned
 * into a prefix (`types-node` for `@types/node`) or mistyped (`@babl/core`), or a popular name
 * decorated with `.js` or `node-` (`d3.js`). Popular names themselves, and look-alikes that
 * differ only in digits (`through2`), in a plural `s`, in their first letter or by an added
 * separator, are never reported.
 */
function createTyposquatDetector(options = {}) {
    const targets = options.targets ?? TOP_PACKAGES;
    const ignore = new Set(options.ignore ?? []);
    const maxLong = Math.max(0, options.distance ?? 2);
    // Indexes are built on the first name checked, so that a disabled check costs nothing; every
    // distinct name is checked once, since a tree repeats names across versions and locations.
    let index;
    const verdicts = new Map();
    return (name) => {
        if (verdicts.has(name))
            return verdicts.get(name);
        index ??= indexTargets(targets);
        const verdict = ignore.has(name) ? undefined : detect(name, index, maxLong);
        verdicts.set(name, verdict);
        return verdict;
    };
}
function indexTargets(targets) {
    const bySquashed = new Map();
    for (const t of targets)
        if (!bySquashed.has(squash(t)))
            bySquashed.set(squash(t), t);
    const byScope = new Map();
    for (const t of new Set(targets)) {
        const scope = typosquat_scopeOf(t);
        const list = byScope.get(scope) ?? [];
        list.push(t);
        byScope.set(scope, list);
    }
    const scopedByBare = new Map();
    const buckets = new Map();
    for (const [scope, names] of byScope) {
        const byFirst = new Map();
        buckets.set(scope, byFirst);
        names.forEach((t, position) => {
            const bare = bareOf(t);
            if (scope !== '')
                scopedByBare.set(bare, [...(scopedByBare.get(bare) ?? []), t]);
            const byLength = byFirst.get(bare.charAt(0)) ?? new Map();
            byFirst.set(bare.charAt(0), byLength);
            byLength.set(bare.length, [...(byLength.get(bare.length) ?? []), position]);
        });
    }
    return { popular: new Set(targets), bySquashed, byScope, scopedByBare, buckets };
}
function detect(name, index, maxLong) {
    if (index.popular.has(name))
        return undefined;
    // Squatters drop or swap separators (`crossenv`); adding one (`parse-url`) is rarely a trick.
    const twin = index.bySquashed.get(squash(name));
    if (twin !== undefined && separators(name) <= separators(twin)) {
        return { target: twin, kind: typosquat_scopeOf(twin) !== typosquat_scopeOf(name) ? 'scope' : 'separator' };
    }
    const unaffixed = stripAffixes(name);
    if (unaffixed !== name && index.popular.has(unaffixed)) {
        return { target: unaffixed, kind: 'affix' };
    }
    const bare = bareOf(name);
    const scope = typosquat_scopeOf(name);
    if (scope !== '') {
        // A mistyped scope with a popular package's name under it: `@babl/core`.
        for (const target of index.scopedByBare.get(bare) ?? []) {
            const other = typosquat_scopeOf(target);
            if (other === scope)
                continue;
            const [mine, theirs] = [scope.slice(1, -1), other.slice(1, -1)];
            if (Math.min(mine.length, theirs.length) < 4 || mine[0] !== theirs[0])
                continue;
            if (squash(mine) === squash(theirs) || editDistance(mine, theirs, 1) <= 1) {
                return { target, kind: 'scope' };
            }
        }
    }
    const list = index.byScope.get(scope);
    const byFirst = index.buckets.get(scope);
    if (!list || !byFirst || maxLong === 0)
        return undefined;
    // A typo keeps the first letter (see typoDistance) and at most maxLong edits change the length
    // by as much, so only targets with that letter and a length in that window can match; targets
    // led by a separator, had npm allowed them, escape that rule and are always compared.
    const first = bare.charAt(0);
    const candidates = [];
    for (const [letter, byLength] of byFirst) {
        if (letter !== first && !isLeadingFree(letter) && !isLeadingFree(first))
            continue;
        for (let l = bare.length - maxLong; l <= bare.length + maxLong; l++) {
            for (const position of byLength.get(l) ?? []) {
                // Cheaper than typoDistance, whose limit never exceeds maxLong.
                if (isWithinDistance(bare, bareOf(list[position]), maxLong)) {
                    candidates.push(position);
                }
            }
        }
    }
    // In list order, so that among equally close targets the first listed wins.
    let best;
    for (const position of candidates.sort((a, b) => a - b)) {
        const target = list[position];
        const d = typoDistance(bare, bareOf(target), maxLong);
        if (d !== undefined && (best === undefined || d < best.distance)) {
            best = { target, kind: 'edit-distance', distance: d };
            if (d === 1)
                break;
        }
    }
    return best;
}
/** Whether a name's first character escapes the same-first-letter rule: none, or a separator. */
function isLeadingFree(first) {
    return first === '' || first === '.' || first === '_' || first === '-';
}
/**
 * The edit distance between two bare names when it looks like a typo, else undefined. The words
 * of hyphenated names are compared one by one: replacing a whole short word (`csv-parse`,
 * `lcov-parse`) is another package, not a typo, so the allowance follows the length of the word
 * that differs. Differences of digits only, of a plural `s` or of the first letter are ignored.
 */
function typoDistance(a, b, maxLong) {
    if (Math.abs(a.length - b.length) > maxLong)
        return undefined;
    if (stripDigits(a) === stripDigits(b) || isPlural(a, b) || squash(a) === squash(b)) {
        return undefined;
    }
    const wa = words(a);
    const wb = words(b);
    let span = [a, b];
    if (wa.length === wb.length && wa.length > 1) {
        const differing = wa.flatMap((w, i) => (w === wb[i] ? [] : [i]));
        if (differing.length === 1) {
            const i = differing[0];
            span = [wa[i], wb[i]];
            if (stripDigits(span[0]) === stripDigits(span[1]) || isPlural(span[0], span[1])) {
                return undefined;
            }
        }
    }
    const length = Math.min(span[0].length, span[1].length);
    if (length < MIN_EDIT_LENGTH)
        return undefined;
    // Mistyped names keep their first letter; `xtend` and `mquery` are packages of their own.
    if (span[0][0] !== span[1][0])
        return undefined;
    const limit = length >= LONG_NAME ? maxLong : Math.min(1, maxLong);
    if (limit === 0)
        return undefined;
    const d = editDistance(a, b, limit);
    return d <= limit ? d : undefined;
}
/**
 * The optimal-string-alignment (restricted Damerau-Levenshtein) distance: insertions, deletions,
 * substitutions and swaps of two neighbouring characters. Stops early above `max`.
 */
function editDistance(a, b, max = Number.POSITIVE_INFINITY) {
    if (a === b)
        return 0;
    const n = a.length;
    const m = b.length;
    if (Math.abs(n - m) > max)
        return max + 1;
    let prevPrev = new Array(m + 1).fill(0);
    let prev = Array.from({ length: m + 1 }, (_, j) => j);
    let cur = new Array(m + 1).fill(0);
    for (let i = 1; i <= n; i++) {
        cur[0] = i;
        let rowMin = cur[0];
        for (let j = 1; j <= m; j++) {
            const cost = a[i - 1] === b[j - 1] ? 0 : 1;
            let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
                v = Math.min(v, prevPrev[j - 2] + 1);
            }
            cur[j] = v;
            if (v < rowMin)
                rowMin = v;
        }
        if (rowMin > max)
            return max + 1;
        [prevPrev, prev, cur] = [prev, cur, prevPrev];
    }
    return prev[m];
}
/** Rows of {@link isWithinDistance}, reused across calls. */
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
/**
 * Whether the {@link editDistance} of two strings is at most `max`. Only cells within `max` of
 * the diagonal are computed: any other is at least its distance from it, hence above `max`.
 */
function isWithinDistance(a, b, max) {
    const n = a.length;
    const m = b.length;
    if (Math.abs(n - m) > max)
        return false;
    if (rows[0].length <= m)
        rows = rows.map(() => new Int32Array(2 * (m + 1)));
    let [prevPrev, prev, cur] = rows;
    const over = max + 1;
    for (let j = 0; j <= m; j++)
        prev[j] = j <= max ? j : over;
    let lastMin = 0;
    for (let i = 1; i <= n; i++) {
        const from = Math.max(1, i - max);
        const to = Math.min(m, i + max);
        cur[0] = i <= max ? i : over;
        if (from > 1)
            cur[from - 1] = over;
        let rowMin = cur[0];
        const ca = a.charCodeAt(i - 1);
        for (let j = from; j <= to; j++) {
            const cb = b.charCodeAt(j - 1);
            let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === cb ? 0 : 1));
            if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
                v = Math.min(v, prevPrev[j - 2] + 1);
            }
            if (v > over)
                v = over;
            cur[j] = v;
            if (v < rowMin)
                rowMin = v;
        }
        if (to < m)
            cur[to + 1] = over;
        // A swap reaches two rows down, so two rows above max in a row settle it.
        if (rowMin > max && lastMin > max)
            return false;
        lastMin = rowMin;
        [prevPrev, prev, cur] = [prev, cur, prevPrev];
    }
    return prev[m] <= max;
}
function squash(name) {
    return name.replace(/[@/._-]/g, '');
}
function typosquat_scopeOf(name) {
    return name.startsWith('@') ? name.slice(0, name.indexOf('/') + 1) : '';
}
function bareOf(name) {
    return name.startsWith('@') ? name.slice(name.indexOf('/') + 1) : name;
}
function separators(name) {
    return name.replace(/[^./_-]/g, '').length;
}
function words(name) {
    return name.split(/[._-]/);
}
function isPlural(a, b) {
    return (a === `${b}s` && !b.endsWith('s')) || (b === `${a}s` && !a.endsWith('s'));
}
/** `d3.js`, `jquery-js`, `node-sass`… reduced to the name they decorate. */
function stripAffixes(name) {
    if (name.startsWith('@'))
        return name;
    return name.replace(/[.-]?js$/, '').replace(/^node[.-]?/, '');
}
function stripDigits(s) {
    return s.replace(/[0-9]/g, '');
}

;// CONCATENATED MODULE: ../../actions/dependency-gate/src/supply-chain/check.ts







const check_TOOL = 'devsecops-deps';
/** The title of each supply-chain rule. */
const SUPPLY_CHAIN_TITLES = {
    'lockfile-missing': 'No lockfile',
    'lockfile-out-of-sync': 'Lockfile out of sync with package.json',
    'non-registry-source': 'Dependency from outside the allowed registries',
    'insecure-http': 'Dependency downloaded over plain HTTP',
    typosquat: 'Possible typosquat of a popular package',
    'install-script-not-allowed': 'Unreviewed install script',
    'missing-integrity': 'No integrity hash',
    'weak-integrity': 'SHA-1 integrity only',
    deprecated: 'Deprecated version',
    'new-maintainer': 'New maintainer on the installed version',
    'recently-published': 'Recently published version',
};
/**
 * Runs the offline supply-chain checks on a dependency tree read from a lockfile: package.json
 * and lockfile agreement, sources outside the allowed registries, plain-http downloads, names
 * imitating popular packages, unreviewed install scripts, missing or SHA-1-only integrity and
 * deprecated versions. What the lockfile does not record comes from node_modules, then from the
 * registry documents when given; the rest is counted in a note, never guessed.
 */
function checkSupplyChain(tree, policy, options) {
    const notes = options.notes ?? [];
    const out = new FindingSink(tree, policy);
    // A disabled check skips its work, not only its findings.
    const enabled = (id) => checkSetting(policy, id).enabled;
    const checkSources = enabled('non-registry-source') || enabled('insecure-http');
    const checkIntegrities = enabled('missing-integrity') || enabled('weak-integrity');
    const checkScripts = enabled('install-script-not-allowed');
    const checkDeprecation = enabled('deprecated');
    const metadata = createMetadataResolver(tree, {
        ...(options.offline || !options.packuments ? {} : { packuments: options.packuments }),
        readInstalled: options.readInstalled ?? true,
    });
    if (enabled('lockfile-out-of-sync'))
        checkSync(tree, out);
    const sourceOptions = { root: tree.root, allowedRegistries: policy['allowed-registries'] };
    const typosquat = enabled('typosquat')
        ? createTyposquatDetector({
            distance: policy['typosquat-distance'],
            ignore: policy['typosquat-ignore'],
        })
        : undefined;
    const scripts = readAllowScripts(policy['allow-scripts'], tree.manifest);
    for (const line of scripts.ignored)
        notes.push(`Ignored ${line}.`);
    let unknownScripts = 0;
    let unknownDeprecation = 0;
    let unverifiable = 0;
    for (const pkg of tree.packages) {
        const source = checkSources || checkIntegrities ? classifySource(pkg, sourceOptions) : undefined;
        if (source && checkSources && !pkg.bundled)
            checkSource(pkg, source, out);
        if (typosquat && !pkg.link) {
            const match = typosquat(pkg.name);
            if (match)
                out.add('typosquat', pkg, typosquatMessage(pkg, match), {
                    target: match.target,
                    kind: match.kind,
                });
        }
        if (pkg.link || pkg.bundled)
            continue;
        if (checkIntegrities && (source?.kind === 'registry' || source?.kind === 'registry-elsewhere'))
            checkIntegrity(pkg, tree, out);
        if (!checkScripts && !checkDeprecation)
            continue;
        const meta = metadata(pkg);
        if (checkScripts) {
            if (!meta.hasInstallScript)
                unknownScripts++;
            else if (meta.hasInstallScript.value) {
                const decision = decideScripts(pkg, scripts.entries, tree.root);
                if (decision === 'unverifiable')
                    unverifiable++;
                if (decision === 'unreviewed' || decision === 'unverifiable') {
                    out.add('install-script-not-allowed', pkg, scriptMessage(pkg, decision, tree), {
                        decision,
                        source: meta.hasInstallScript.source,
                    });
                }
            }
        }
        if (checkDeprecation) {
            if (!meta.deprecated)
                unknownDeprecation++;
            else if (meta.deprecated.value !== false) {
                out.add('deprecated', pkg, `${pkg.name} ${pkg.version} is deprecated: "${meta.deprecated.value}".`, {
                    reason: meta.deprecated.value,
                    source: meta.deprecated.source,
                });
            }
        }
    }
    const where = `${tree.lockfilePath} (lockfile v${tree.lockfileVersion})`;
    if (unknownScripts > 0) {
        notes.push(`Install scripts of ${check_plural(unknownScripts, 'package')} are unknown: ${where} does not record them and no installed copy or registry document was available for them.`);
    }
    if (unknownDeprecation > 0) {
        notes.push(`Deprecation of ${check_plural(unknownDeprecation, 'package')} is unknown: ${tree.lockfilePath} does not record it; ${options.offline ? 'run online or install node_modules to check it' : 'the registry did not answer for them'}.`);
    }
    if (unverifiable > 0) {
        notes.push(`${check_plural(unverifiable, 'install-script approval')} pin a version that ${tree.lockfilePath} cannot confirm (no resolved URL); npm refuses such entries as well.`);
    }
    return out.findings();
}
/**
 * Reports a project whose package.json declares dependencies but has no package-lock.json or
 * npm-shrinkwrap.json: installs are then not reproducible. Returns undefined otherwise.
 */
function checkLockfilePresence(projectDir, manifest, policy, 
/** The repository-relative path of that package.json. */
manifestFile = 'package.json') {
    const setting = checkSetting(policy, 'lockfile-missing');
    if (!setting.enabled || !declaresDependencies(manifest) || hasNpmLockfile(projectDir))
        return undefined;
    const name = typeof manifest['name'] === 'string' ? manifest['name'] : manifestFile;
    return {
        stage: 'deps',
        tool: check_TOOL,
        ruleId: 'lockfile-missing',
        severity: setting.severity,
        title: SUPPLY_CHAIN_TITLES['lockfile-missing'],
        message: `${manifestFile} declares dependencies but there is no package-lock.json or npm-shrinkwrap.json beside it, so installs are not reproducible. Run "npm install --package-lock-only" and commit the lockfile.`,
        location: { path: manifestFile, startLine: 1 },
        fingerprint: (0,fingerprint/* fingerprintOf */.a)('lockfile-missing', name, manifestFile),
    };
}
function checkSync(tree, out) {
    const texts = new Map();
    for (const problem of findSyncProblems(tree)) {
        if (!texts.has(problem.workspace))
            texts.set(problem.workspace, readManifestText(tree, problem.workspace));
        const text = texts.get(problem.workspace);
        const path = manifestPath(tree, problem.workspace);
        const line = text ? manifestLine(text, problem.section, problem.name) : undefined;
        const installed = problem.installed;
        const message = installed
            ? `${path} declares ${problem.name} ${problem.spec} in ${problem.section}, but ${tree.lockfilePath} installs ${describeInstalled(installed)}. Run "npm install" and commit the updated lockfile.`
            : `${path} declares ${problem.name} ${problem.spec} in ${problem.section}, but ${tree.lockfilePath} does not install it. Run "npm install" and commit the updated lockfile.`;
        out.addAt('lockfile-out-of-sync', problem.name, { path, ...(line ? { startLine: line } : {}) }, message, {
            package: problem.name,
            declared: problem.spec,
            section: problem.section,
            workspace: problem.workspace,
            installed: installed?.version ?? null,
        });
    }
}
function describeInstalled(pkg) {
    if (pkg.resolved && !/^https?:/.test(pkg.resolved) && pkg.resolved !== '') {
        return `${pkg.name}${pkg.version ? ` ${pkg.version}` : ''} from ${pkg.resolved}`;
    }
    return `${pkg.name} ${pkg.version}`;
}
function checkSource(pkg, source, out) {
    const subject = `${pkg.name} ${pkg.version}`;
    const where = pkg.resolved ?? '';
    let reason;
    switch (source.kind) {
        case 'git':
            reason = `${subject} is installed from git (${where}), outside any registry: its content is whatever the repository holds.`;
            break;
        case 'remote':
            reason = `${subject} is installed from ${where}, a URL that is not an allowed registry.`;
            break;
        case 'registry-elsewhere':
            reason = `${subject} is installed from ${source.host ?? where}, a registry not listed in allowed-registries.`;
            break;
        case 'file':
        case 'link':
            if (source.outside) {
                reason = `${subject} is installed from ${where}, a path outside the project that the lockfile cannot pin.`;
            }
            break;
        case 'registry':
            break;
    }
    if (reason)
        out.add('non-registry-source', pkg, reason, { source: source.kind, resolved: where || null });
    if (source.insecure) {
        out.add('insecure-http', pkg, `${subject} is downloaded without TLS (${where}); anyone on the network path can replace it. Use https.`, { resolved: where });
    }
}
function checkIntegrity(pkg, tree, out) {
    const subject = `${pkg.name} ${pkg.version}`;
    if (!pkg.integrity) {
        out.add('missing-integrity', pkg, `${subject} has no integrity hash in ${tree.lockfilePath}, so its tarball is not verified on install. Reinstall it to record one.`, {});
        return;
    }
    const algorithms = pkg.integrity
        .split(/\s+/)
        .filter(Boolean)
        .map((h) => h.slice(0, h.indexOf('-')));
    if (algorithms.length > 0 && algorithms.every((a) => a === 'sha1')) {
        out.add('weak-integrity', pkg, `${subject} is verified only by a SHA-1 hash in ${tree.lockfilePath}; reinstall it (remove its entry, then npm install) to record SHA-512.`, { integrity: 'sha1' });
    }
}
function typosquatMessage(pkg, match) {
    const how = match.kind === 'separator'
        ? 'the same letters with other separators'
        : match.kind === 'scope'
            ? 'a confusable scope'
            : match.kind === 'affix'
                ? 'the same name with a decoration'
                : `${match.distance === 1 ? 'one edit' : `${match.distance} edits`} away`;
    return `${pkg.name} looks like the popular package ${match.target} (${how}). Check that it is the package you meant; if it is, add it to typosquat-ignore.`;
}
function scriptMessage(pkg, decision, tree) {
    const subject = `${pkg.name} ${pkg.version}`;
    if (decision === 'unverifiable') {
        return `${subject} runs an install script; its allowScripts entry pins a version that ${tree.lockfilePath} cannot confirm (no resolved URL), so npm does not honour it. Approve the name without a version, or keep resolved URLs in the lockfile.`;
    }
    return `${subject} runs an install script that no allowScripts entry approves. Review it, then run "npm install-scripts approve ${pkg.name}" or list it under allow-scripts.`;
}
function check_plural(n, word) {
    return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
/** Collects findings, one per rule and package name, listing every version found. */
class FindingSink {
    tree;
    policy;
    groups = new Map();
    constructor(tree, policy) {
        this.tree = tree;
        this.policy = policy;
    }
    add(id, pkg, message, properties) {
        const location = {
            path: this.tree.lockfilePath,
            ...(pkg.lockfileLine ? { startLine: pkg.lockfileLine } : {}),
        };
        const key = `${id}\0${pkg.name}`;
        const existing = this.groups.get(key);
        if (existing) {
            if (!existing.versions.includes(pkg.version)) {
                existing.versions.push(pkg.version);
                existing.properties['versions'] = [...existing.versions];
            }
            const locations = existing.properties['locations'];
            if (locations.length < 10)
                locations.push(pkg.location);
            return;
        }
        const props = {
            package: pkg.name,
            versions: [pkg.version],
            locations: [pkg.location],
            scope: pkg.scope,
            direct: pkg.direct,
            ...properties,
        };
        if (pkg.paths[0])
            props['path'] = pkg.paths[0].join(' > ');
        this.put(key, id, pkg.name, location, message, props, [pkg.version]);
    }
    addAt(id, name, location, message, properties) {
        const key = `${id}\0${location.path}\0${name}`;
        if (!this.groups.has(key))
            this.put(key, id, name, location, message, properties, []);
    }
    findings() {
        return [...this.groups.values()].map((group) => {
            const { versions, ...finding } = group;
            if (versions.length > 1) {
                const name = String(finding.properties?.['package']);
                finding.message = finding.message.replace(`${name} ${versions[0]}`, `${name} ${versions.join(', ')}`);
            }
            return finding;
        });
    }
    put(key, id, name, location, message, properties, versions) {
        const setting = checkSetting(this.policy, id);
        if (!setting.enabled)
            return;
        const severity = setting.severity;
        this.groups.set(key, {
            stage: 'deps',
            tool: check_TOOL,
            ruleId: id,
            severity,
            title: SUPPLY_CHAIN_TITLES[id],
            message,
            location,
            fingerprint: (0,fingerprint/* fingerprintOf */.a)(id, name, location.path),
            properties,
            versions,
        });
    }
}

;// CONCATENATED MODULE: ../../actions/dependency-gate/src/online/packument-checks.ts




const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Checks installed versions against their registry documents: `new-maintainer` when a
 * maintainer or the publisher of the installed version was not a maintainer of the version
 * before it (a taken-over package), `recently-published` when the version is younger than the
 * policy's `min-age-days`. Packages without a document are skipped. Online only.
 */
function checkPackuments(tree, packuments, policy, now = new Date()) {
    const findings = new Map();
    const maintainers = checkSetting(policy, 'new-maintainer');
    const recent = checkSetting(policy, 'recently-published');
    const minAgeMs = policy['min-age-days'] * DAY_MS;
    for (const pkg of tree.packages) {
        if (pkg.link || pkg.bundled)
            continue;
        const doc = packuments.get(pkg.name);
        const manifest = doc?.versions?.[pkg.version];
        if (!doc || !manifest)
            continue;
        if (maintainers.enabled) {
            const added = newMaintainers(doc, pkg.version);
            if (added && added.names.length > 0) {
                add(findings, tree, pkg, 'new-maintainer', maintainers.severity, {
                    message: `${pkg.name} ${pkg.version} lists ${added.names.join(', ')} as maintainer or publisher, who ${added.names.length === 1 ? 'was' : 'were'} not among the maintainers of ${added.previous}. Check that the package has not changed hands.`,
                    properties: { added: added.names, previous: added.previous },
                });
            }
        }
        const published = doc.time?.[pkg.version];
        if (recent.enabled && minAgeMs > 0 && published) {
            const age = now.getTime() - Date.parse(published);
            if (Number.isFinite(age) && age >= 0 && age < minAgeMs) {
                const days = Math.floor(age / DAY_MS);
                add(findings, tree, pkg, 'recently-published', recent.severity, {
                    message: `${pkg.name} ${pkg.version} was published ${days === 0 ? 'less than a day' : `${days} day${days === 1 ? '' : 's'}`} ago (${published.slice(0, 10)}), within min-age-days (${policy['min-age-days']}); new releases are where hijacked packages show up first.`,
                    properties: { published },
                });
            }
        }
    }
    return [...findings.values()];
}
/** The maintainer and publisher names of a version that the previous version did not have. */
function newMaintainers(doc, version) {
    const versions = Object.keys(doc.versions ?? {}).filter((v) => semver_default().valid(v));
    const current = semver_default().parse(version);
    if (!current)
        return undefined;
    const earlier = versions
        .filter((v) => semver_default().lt(v, version) && (current.prerelease.length > 0 || !semver_default().prerelease(v)))
        .sort((semver_default()).rcompare);
    const previous = earlier[0];
    if (!previous)
        return undefined;
    const before = namesOf(doc.versions[previous], false);
    if (before.size === 0)
        return undefined;
    const now = namesOf(doc.versions[version], true);
    return { names: [...now].filter((n) => !before.has(n)).sort(), previous };
}
function namesOf(manifest, withPublisher) {
    const names = new Set();
    const list = manifest['maintainers'];
    if (Array.isArray(list)) {
        for (const m of list) {
            const name = typeof m === 'string' ? m.replace(/\s*<.*$/, '') : m?.name;
            if (typeof name === 'string' && name !== '')
                names.add(name);
        }
    }
    const publisher = manifest['_npmUser']?.name;
    if (withPublisher && typeof publisher === 'string' && publisher !== '')
        names.add(publisher);
    return names;
}
function add(findings, tree, pkg, id, severity, detail) {
    const key = `${id}\0${pkg.name}`;
    if (findings.has(key))
        return;
    findings.set(key, {
        stage: 'deps',
        tool: 'devsecops-deps',
        ruleId: id,
        severity,
        title: SUPPLY_CHAIN_TITLES[id],
        message: detail.message,
        location: {
            path: tree.lockfilePath,
            ...(pkg.lockfileLine ? { startLine: pkg.lockfileLine } : {}),
        },
        fingerprint: (0,fingerprint/* fingerprintOf */.a)(id, pkg.name, tree.lockfilePath),
        properties: {
            package: pkg.name,
            version: pkg.version,
            scope: pkg.scope,
            direct: pkg.direct,
            ...detail.properties,
        },
    });
}

;// CONCATENATED MODULE: ../../actions/dependency-gate/src/online/packuments.ts


/**
 * The names worth asking the registry about: installed packages that came from a registry
 * (not links, bundled copies, git or tarball URLs), each once.
 */
function packumentNamesOf(tree) {
    const names = new Set();
    for (const p of tree.packages) {
        if (p.link || p.bundled)
            continue;
        if (p.resolved && registryTarballIdentity(p.resolved) === undefined)
            continue;
        names.add(p.name);
    }
    return [...names].sort();
}
/**
 * Fetches the full registry document of each package (deprecation, install scripts, licenses,
 * maintainers and publication times per version), a few at a time, retrying server errors and
 * rate limits with back-off. Throws EnvironmentError when the registry cannot be reached at all.
 */
// Limitation: full documents are fetched because licenses, maintainers and publication times are
// not in npm's abbreviated form; a few popular packages have documents of several megabytes.
async function fetchPackuments(names, options) {
    const unique = [...new Set(names)].sort();
    const result = { packuments: new Map(), notFound: [], failed: [] };
    const base = options.registryUrl.replace(/\/+$/, '');
    let next = 0;
    let answered = 0;
    let lastError = '';
    const worker = async () => {
        while (next < unique.length) {
            const name = unique[next++];
            const outcome = await fetchOne(`${base}/${encodeName(name)}`, options);
            if (outcome.kind === 'ok') {
                answered++;
                result.packuments.set(name, outcome.packument);
            }
            else if (outcome.kind === 'not-found') {
                answered++;
                result.notFound.push(name);
            }
            else {
                if (outcome.status !== undefined)
                    answered++;
                lastError = outcome.message;
                result.failed.push(name);
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, unique.length) }, worker));
    if (unique.length > 0 && answered === 0) {
        throw new errors/* EnvironmentError */.eG(`The npm registry at ${base} cannot be reached (${lastError}). Check the network or run offline.`);
    }
    options.logger?.info(`Registry: ${result.packuments.size} package documents from ${base}` +
        (result.notFound.length ? `, ${result.notFound.length} not found` : '') +
        (result.failed.length ? `, ${result.failed.length} failed` : '') +
        '.');
    result.notFound.sort();
    result.failed.sort();
    return result;
}
async function fetchOne(url, options) {
    const retries = options.retries ?? 3;
    const delay = options.retryDelayMs ?? 500;
    let last = { kind: 'failed', message: 'no attempt' };
    for (let attempt = 0; attempt <= retries; attempt++) {
        if (attempt > 0)
            await sleep(retryWait(last, delay, attempt));
        try {
            const response = await fetch(url, {
                headers: {
                    accept: 'application/json',
                    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
                },
                signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
            });
            if (response.status === 404)
                return { kind: 'not-found' };
            if (response.ok) {
                const body = (await response.json());
                if (typeof body !== 'object' || body === null)
                    return { kind: 'failed', status: 200, message: 'not JSON' };
                return { kind: 'ok', packument: body };
            }
            last = { kind: 'failed', status: response.status, message: `HTTP ${response.status}` };
            last.retryAfter = response.headers.get('retry-after');
            if (response.status !== 429 && response.status < 500)
                return last;
        }
        catch (error) {
            const cause = error.cause;
            last = { kind: 'failed', message: cause?.code ?? error.message };
        }
    }
    return last;
}
function retryWait(last, base, attempt) {
    const header = last.retryAfter;
    const seconds = header ? Number(header) : NaN;
    if (Number.isFinite(seconds) && seconds >= 0)
        return Math.min(seconds * 1000, 60_000);
    return base * 2 ** (attempt - 1);
}
/** Scoped names keep their `@` and encode the slash, as the npm registry expects. */
function encodeName(name) {
    return name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
}
function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

;// CONCATENATED MODULE: ../../actions/dependency-gate/src/summary.ts

const SCOPE_TITLE = {
    runtime: 'Runtime dependencies',
    optional: 'Optional dependencies',
    peer: 'Peer dependencies',
    development: 'Development dependencies',
};
const ORDER = ['runtime', 'optional', 'peer', 'development'];
const cell = (text) => text.replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;')).replace(/\|/g, '\\|');
/**
 * The vulnerability table of the job summary, one group per scope with development last:
 * package, installed version, advisory, severity, path, fixed in, and whether the parent's
 * declared range allows the fix.
 */
function renderVulnerabilityTable(findings, maxRows = 100) {
    const vulnerabilities = findings.filter((f) => typeof f.properties?.['advisory'] === 'string' && f.properties['scope']);
    if (vulnerabilities.length === 0)
        return '';
    const lines = [];
    for (const scope of ORDER) {
        const group = vulnerabilities
            .filter((f) => f.properties['scope'] === scope)
            .sort(src_finding/* compareFindings */.Eg);
        if (group.length === 0)
            continue;
        lines.push('', `#### ${SCOPE_TITLE[scope]} (${group.length})`, '', '| Package | Installed | Advisory | Severity | Path | Fixed in | Parent allows fix |', '| --- | --- | --- | --- | --- | --- | --- |');
        for (const f of group.slice(0, maxRows)) {
            const p = f.properties;
            const paths = p['paths'] ?? [];
            const allows = p['parentAllowsFix'];
            const advisory = f.helpUri ? `[${cell(f.ruleId)}](${f.helpUri})` : cell(f.ruleId);
            lines.push(`| ${cell(String(p['package']))} | ${cell(String(p['version']))} | ${advisory} | ${f.severity} | ${cell(paths[0] ?? '')} | ${cell(typeof p['fixedIn'] === 'string' ? p['fixedIn'] : 'none')} | ${allows === true ? 'yes' : allows === false ? 'no' : '?'} |`);
        }
        if (group.length > maxRows)
            lines.push('', `…and ${group.length - maxRows} more in the SARIF and JSON reports.`);
    }
    return lines.join('\n') + '\n';
}

;// CONCATENATED MODULE: ../../actions/dependency-gate/src/run.ts



















/** The version findings and SARIF carry. */
const TOOL_VERSION = '0.1.0';
/**
 * Runs the dependency gate: reads the lockfile, loads advisories, applies the policy and
 * returns findings. Fails closed: without any advisory source it is a configuration error.
 */
async function runDependencyGate(inputs, logger) {
    const started = performance.now();
    const projectDir = (0,external_node_path_.resolve)(inputs.cwd, inputs.path || '.');
    const doc = await (0,src_policy/* loadPolicy */.tb)(inputs.configPath, inputs.cwd);
    const policy = resolveDepsPolicy(doc, {
        failOn: inputs.failOn,
        scopes: inputs.scopes,
        mode: inputs.mode,
    });
    const policyFile = doc.files[0] ? toPosix((0,external_node_path_.relative)(inputs.cwd, doc.files[0])) : undefined;
    if (policy.mode === 'diff' && !inputs.baseRef) {
        throw new errors/* ConfigurationError */.j1('Diff mode needs a base: set base-ref (or run on a pull_request event, which gives the base branch).');
    }
    // A package.json without any lockfile is a supply-chain finding, not a usage error: there is
    // no tree to check, and the finding says how to create one.
    const missing = await lockfileMissingResult(inputs, projectDir, policy, started);
    if (missing)
        return missing;
    const tree = await logger.group('Reading the lockfile', async () => {
        const t0 = performance.now();
        const read = await readDependencyTree(projectDir, {
            repoRoot: inputs.cwd,
            displayRoot: process.cwd(),
        });
        logger.info(`Read ${read.lockfilePath} (lockfile v${read.lockfileVersion}): ${(0,format/* plural */.LS)(read.packages.length, 'package')} in ${(0,format/* formatDuration */.a3)(performance.now() - t0)}.`);
        return read;
    });
    const loaded = await logger.group('Loading advisories', () => loadAdvisories(inputs, tree, logger));
    const index = indexAdvisories(...loaded.advisories);
    const date = inputs.date ?? (0,exceptions/* today */.Ec)();
    const packuments = await fetchRegistryDocuments(inputs, tree, logger, loaded.notes);
    const evaluate = (t, isBase = false) => evaluateTree(t, index, policy, date, policyFile, {
        offline: inputs.offline,
        packuments,
        readInstalled: !isBase,
    });
    const head = evaluate(tree);
    let findings = head.findings;
    const notes = [];
    notes.push(`Checked ${(0,format/* plural */.LS)(tree.packages.filter((p) => !p.link).length, 'installed package')} from ${tree.lockfilePath} against ${(0,format/* plural */.LS)(countAdvisories(loaded), 'advisory', 'advisories')} (${loaded.sources.join(', ')}).`);
    if (policy.mode === 'diff') {
        const baseTree = await logger.group('Reading the base lockfile', () => readBaseTree(inputs.cwd, toPosix((0,external_node_path_.relative)(inputs.cwd, projectDir)) || '.', inputs.baseRef, tree.lockfilePath));
        const base = evaluate(baseTree, true);
        const expiredIds = new Set(head.expiredFindings.map((f) => f.fingerprint));
        findings = [
            ...introducedFindings(findings.filter((f) => !expiredIds.has(f.fingerprint)), base.findings),
            ...head.expiredFindings,
        ];
        notes.push(`Diff mode: ${(0,format/* plural */.LS)(findings.length, 'finding')} introduced compared with ${inputs.baseRef} (${(0,format/* plural */.LS)(head.findings.length - head.expiredFindings.length, 'finding')} in total on this branch).`);
    }
    notes.push(...head.notes, ...loaded.notes, ...describeSkipped(loaded.stats));
    if (head.waived > 0)
        notes.push(`${(0,format/* plural */.LS)(head.waived, 'finding')} waived by exceptions in the policy.`);
    if (head.outOfScope > 0) {
        notes.push(`${(0,format/* plural */.LS)(head.outOfScope, 'finding')} left out: not in the scopes checked (${policy.scopes.join(', ')}).`);
    }
    for (const e of head.expired) {
        notes.push(`Exception for ${e.id} (owner ${e.owner}) expired on ${e.expires}: the run fails until it is renewed or removed.`);
    }
    findings.sort(src_finding/* compareFindings */.Eg);
    const blocking = findings.some((f) => (0,src_finding/* meetsThreshold */.M0)(f.severity, policy.failOn) || f.properties?.['malware'] === true);
    const passed = !blocking && head.expired.length === 0;
    const ms = performance.now() - started;
    logger.info(`Dependency gate: ${(0,format/* plural */.LS)(findings.length, 'finding')} in ${(0,format/* formatDuration */.a3)(ms)}; ${passed ? 'passed' : 'failed'} (fail-on: ${policy.failOn}).`);
    const nameVersion = (f) => typeof f.properties?.['package'] === 'string'
        ? `${f.properties['package']}@${String(f.properties['version'])}`
        : undefined;
    const listOf = (pick) => [...new Set(findings.filter(pick).map(nameVersion))].filter((v) => !!v).sort();
    const licensed = new Set(listOf((f) => f.ruleId.startsWith('license-')));
    return {
        stage: 'deps',
        tool: gate_TOOL,
        toolVersion: TOOL_VERSION,
        findings,
        threshold: policy.failOn,
        passed,
        notes,
        stats: {
            packages: tree.packages.length,
            advisories: countAdvisories(loaded),
            matches: head.matchCount,
            waived: head.waived,
            ms: Math.round(ms),
        },
        vulnerable: listOf((f) => typeof f.properties?.['advisory'] === 'string' && f.ruleId !== RULES.expiredException),
        denied: listOf((f) => f.ruleId === RULES.denied),
        // Violations read `name@version: license (status)`; diff mode keeps those still reported.
        licenseViolations: head.licenseViolations.filter((v) => licensed.has(v.slice(0, v.indexOf(':')))),
        details: renderVulnerabilityTable(findings),
    };
}
function toPosix(path) {
    return path.split(external_node_path_.sep).join('/');
}
function countAdvisories(loaded) {
    return loaded.advisories.reduce((n, list) => n + list.length, 0);
}
function evaluateTree(tree, index, policy, date, policyFile, online) {
    const gate = evaluateGate({ tree, index, policy, date, policyFile });
    const findings = [...gate.findings];
    const notes = [...gate.notes];
    findings.push(...checkSupplyChain(tree, policy.supplyChain, {
        offline: online.offline || !online.packuments,
        packuments: online.packuments,
        readInstalled: online.readInstalled,
        notes,
    }));
    if (online.packuments) {
        findings.push(...checkPackuments(tree, online.packuments, policy.supplyChain, new Date(`${date}T12:00:00Z`)));
    }
    let licenseViolations = [];
    if (policy.licenses) {
        const licenses = checkLicenses(tree, policy.licenses, {
            packuments: online.packuments,
            readInstalled: online.readInstalled,
        });
        findings.push(...licenses.findings);
        notes.push(...licenses.notes);
        licenseViolations = licenses.violations;
    }
    return {
        findings,
        expiredFindings: findings.filter((f) => f.ruleId === RULES.expiredException),
        vulnerable: gate.vulnerable,
        denied: gate.denied,
        licenseViolations,
        waived: gate.waived,
        outOfScope: gate.outOfScope,
        expired: gate.expired,
        notes,
        matchCount: gate.matches.length,
    };
}
async function loadAdvisories(inputs, tree, logger) {
    const out = { advisories: [], stats: emptyStats(), sources: [], notes: [] };
    const add = (stats) => {
        for (const key of Object.keys(stats))
            out.stats[key] += stats[key];
    };
    if (inputs.advisories && inputs.advisories.length > 0) {
        const t0 = performance.now();
        const osv = await loadOsvAdvisories(inputs.advisories, inputs.cwd);
        out.advisories.push(osv.advisories);
        add(osv.stats);
        out.sources.push(`OSV: ${(0,format/* plural */.LS)(osv.stats.records, 'record')}`);
        logger.info(`Loaded ${(0,format/* plural */.LS)(osv.advisories.length, 'npm advisory', 'npm advisories')} from ${(0,format/* plural */.LS)(osv.stats.files, 'OSV file')} in ${(0,format/* formatDuration */.a3)(performance.now() - t0)}.`);
    }
    if (inputs.npmAuditReport) {
        const audit = await loadNpmAuditReport(inputs.npmAuditReport, inputs.cwd);
        out.advisories.push(audit.advisories);
        add(audit.stats);
        out.sources.push(`npm audit report: ${(0,format/* plural */.LS)(audit.advisories.length, 'advisory', 'advisories')}`);
        logger.info(`Read ${(0,format/* plural */.LS)(audit.advisories.length, 'advisory', 'advisories')} from the npm audit report ${inputs.npmAuditReport}.`);
        // A report written for another project names packages this lockfile does not install.
        const installed = new Set(tree.packages.map((p) => p.name.toLowerCase()));
        const strangers = [
            ...new Set(audit.advisories.map((a) => a.package).filter((n) => !installed.has(n.toLowerCase()))),
        ].sort();
        if (strangers.length > 0) {
            const shown = strangers.slice(0, 5).join(', ');
            const more = strangers.length > 5 ? ` and ${strangers.length - 5} more` : '';
            const message = `The npm audit report ${inputs.npmAuditReport} names ${(0,format/* plural */.LS)(strangers.length, 'package')} that ${tree.lockfilePath} does not install (${shown}${more}): it may be another project's report or out of date. Regenerate it with "npm audit --json" beside this lockfile.`;
            out.notes.push(message);
            logger.warning(message);
        }
    }
    let onlineFailure;
    let environmentFailure = false;
    if (!inputs.offline && inputs.token) {
        const coordinates = tree.packages
            .filter((p) => !p.link)
            .map((p) => ({ name: p.name, version: p.version }));
        try {
            const github = await fetchGithubAdvisories(coordinates, {
                token: inputs.token,
                apiUrl: inputs.apiUrl ?? 'https://api.github.com',
                logger,
            });
            out.advisories.push(github.advisories);
            add(github.stats);
            out.sources.push(`GitHub advisory API: ${(0,format/* plural */.LS)(github.advisories.length, 'advisory', 'advisories')}`);
        }
        catch (error) {
            if (!(error instanceof errors/* EnvironmentError */.eG))
                throw error;
            // Another source may still answer; without one the gate fails closed below.
            onlineFailure = error.message;
            // A refused token is the user's to fix (exit 2); an unreachable or failing API is not.
            environmentFailure = !(error instanceof AdvisoryApiError &&
                (error.status === 401 || error.status === 403));
            out.notes.push(`${error.message} The other advisory sources were used.`);
            logger.warning(error.message);
        }
    }
    if (out.sources.length === 0 && onlineFailure && environmentFailure) {
        // The only source was the network and it did not answer: an environment failure.
        throw new errors/* EnvironmentError */.eG(`${onlineFailure} No other advisory source was given.`);
    }
    if (out.sources.length === 0) {
        throw new errors/* ConfigurationError */.j1(`No advisory source answered${onlineFailure ? ` (${onlineFailure})` : ''}: give OSV advisories (advisories: DIR or ZIP, --advisories), an npm audit report (npm-audit-report, --npm-audit FILE)${inputs.offline ? '' : ', or run online with a token'}. The gate does not pass without checking.`);
    }
    return out;
}
function describeSkipped(stats) {
    const parts = [];
    if (stats.invalidFiles > 0)
        parts.push((0,format/* plural */.LS)(stats.invalidFiles, 'unreadable file'));
    if (stats.invalidRecords > 0)
        parts.push((0,format/* plural */.LS)(stats.invalidRecords, 'invalid record'));
    if (stats.invalidRanges > 0)
        parts.push((0,format/* plural */.LS)(stats.invalidRanges, 'invalid range'));
    if (stats.unknownSeverity > 0)
        parts.push((0,format/* plural */.LS)(stats.unknownSeverity, 'record') + ' with an unknown severity');
    const notes = [];
    if (parts.length > 0)
        notes.push(`Skipped while loading advisories: ${parts.join(', ')}.`);
    if (stats.withdrawn > 0)
        notes.push(`Ignored ${(0,format/* plural */.LS)(stats.withdrawn, 'withdrawn advisory', 'withdrawn advisories')}.`);
    if (stats.defaultSeverity > 0) {
        notes.push(`${(0,format/* plural */.LS)(stats.defaultSeverity, 'advisory', 'advisories')} without any severity taken as medium.`);
    }
    return notes;
}
/** Registry documents for the online supply-chain checks; none offline or when unreachable. */
async function fetchRegistryDocuments(inputs, tree, logger, notes) {
    if (inputs.offline || !inputs.registryUrl)
        return undefined;
    try {
        const result = await logger.group('Reading registry metadata', () => fetchPackuments(packumentNamesOf(tree), { registryUrl: inputs.registryUrl, logger }));
        if (result.failed.length > 0) {
            notes.push(`The registry did not answer for ${(0,format/* plural */.LS)(result.failed.length, 'package')}; their metadata checks were skipped.`);
        }
        return result.packuments;
    }
    catch (error) {
        if (!(error instanceof errors/* EnvironmentError */.eG))
            throw error;
        notes.push(`${error.message} Registry metadata checks were skipped.`);
        logger.warning(error.message);
        return undefined;
    }
}
/** The result when package.json has no lockfile beside it: the supply-chain finding alone. */
async function lockfileMissingResult(inputs, projectDir, policy, started) {
    const found = await detectLockfile(projectDir);
    if (found.npm || found.others.length > 0 || !found.hasManifest)
        return undefined;
    let manifest;
    try {
        manifest = JSON.parse(stripBom(await (0,promises_.readFile)((0,external_node_path_.join)(projectDir, 'package.json'), 'utf8')));
    }
    catch {
        return undefined; // readDependencyTree reports the bad package.json
    }
    const manifestFile = toPosix((0,external_node_path_.relative)(inputs.cwd, (0,external_node_path_.join)(projectDir, 'package.json')));
    const finding = checkLockfilePresence(projectDir, manifest, policy.supplyChain, manifestFile);
    const findings = finding ? [finding] : [];
    const passed = !findings.some((f) => (0,src_finding/* meetsThreshold */.M0)(f.severity, policy.failOn));
    return {
        stage: 'deps',
        tool: gate_TOOL,
        toolVersion: TOOL_VERSION,
        findings,
        threshold: policy.failOn,
        passed,
        notes: [
            finding
                ? `${manifestFile} has no lockfile, so no installed version could be checked against advisories.`
                : `${manifestFile} declares no dependencies and has no lockfile: nothing to check.`,
        ],
        stats: { packages: 0, ms: Math.round(performance.now() - started) },
        vulnerable: [],
        denied: [],
        licenseViolations: [],
        details: '',
    };
}

;// CONCATENATED MODULE: ../../actions/dependency-gate/src/lib.ts
// The dependency gate as a library, for the CLI and tests. Only main.ts touches the runner.














/***/ }),

/***/ 53746:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $4: () => (/* binding */ requiredText),
/* harmony export */   Ec: () => (/* binding */ today),
/* harmony export */   oN: () => (/* binding */ hasExpired),
/* harmony export */   zz: () => (/* binding */ ExpiryDateSchema)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(98476);

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
/** Says "is required" for a missing key, rather than which type was expected. */
const REQUIRED = {
    error: (issue) => (issue.input === undefined ? 'is required' : undefined),
};
/** The last day an exception holds, written YYYY-MM-DD (UTC), as every policy section takes it. */
const ExpiryDateSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(REQUIRED)
    .regex(DATE_SHAPE, 'must be a date written YYYY-MM-DD')
    // One problem per value: a date of the wrong shape is not also said to be no calendar date.
    .refine((value) => !DATE_SHAPE.test(value) ||
    (!Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
        new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)), 'is not a calendar date');
/** Text that must say something: required, and not blank. */
function requiredText() {
    return zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(REQUIRED).trim().min(1, 'must not be empty');
}
/** Today's date as policies write it (UTC). */
function today(now = new Date()) {
    return now.toISOString().slice(0, 10);
}
/** True when an exception whose last day is `expires` no longer holds on `date` (YYYY-MM-DD). */
function hasExpired(expires, date) {
    return expires < date;
}


/***/ }),

/***/ 6026:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   fX: () => (/* binding */ parsePolicySection),
/* harmony export */   lo: () => (/* binding */ DEFAULT_POLICY_PATH),
/* harmony export */   tb: () => (/* binding */ loadPolicy)
/* harmony export */ });
/* unused harmony export POLICY_SECTIONS */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(33483);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(68691);




/** The policy sections of the stages this version implements. */
const POLICY_SECTIONS = ['secrets', 'deps'];
/** Where the policy file lives in a repository unless told otherwise. */
const DEFAULT_POLICY_PATH = '.github/devsecops.yml';
/**
 * Reads a policy file and what it `extends` (a path relative to the file). The extending file
 * wins key by key; lists are replaced, not concatenated. Returns an empty policy when the
 * default file does not exist; a missing explicit file is a configuration error.
 */
async function loadPolicy(path, cwd, seen = new Set()) {
    const explicit = path !== undefined;
    const file = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(cwd, path ?? DEFAULT_POLICY_PATH);
    if (seen.has(file)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`Policy file "${file}" extends itself through a cycle; remove one extends.`);
    }
    seen.add(file);
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file, 'utf8');
    }
    catch (error) {
        const code = error.code;
        if (code === 'ENOENT' && !explicit)
            return { files: [], data: {} };
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`Cannot read policy file "${path ?? DEFAULT_POLICY_PATH}" (${code ?? 'error'}). Check the path given to config.`);
    }
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_2__/* .parseDocument */ .Tp)(text, { prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
        const first = doc.errors[0];
        const line = text.slice(0, first.pos[0]).split('\n').length;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`Policy file "${path ?? DEFAULT_POLICY_PATH}" is not valid YAML${line ? ` (line ${line})` : ''}: ${first.message.split('\n')[0]}`);
    }
    const value = doc.toJS() ?? {};
    if (typeof value !== 'object' || Array.isArray(value) || value === null) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`Policy file "${path ?? DEFAULT_POLICY_PATH}" must be a mapping with a section per stage (secrets, deps, sbom, sast, dast).`);
    }
    const data = { ...value };
    const unknown = Object.keys(data).filter((key) => key !== 'extends' && !POLICY_SECTIONS.includes(key));
    if (unknown.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`Policy file "${path ?? DEFAULT_POLICY_PATH}" has an unknown section "${unknown[0]}"; the sections are ${POLICY_SECTIONS.join(', ')} (and extends).`);
    }
    const parent = data['extends'];
    delete data['extends'];
    if (parent === undefined)
        return { files: [file], data };
    if (typeof parent !== 'string') {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`"extends" in "${file}" must be a path to another policy file.`);
    }
    const base = await loadPolicy((0,node_path__WEBPACK_IMPORTED_MODULE_1__.isAbsolute)(parent) ? parent : (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(file), parent), cwd, seen);
    return { files: [file, ...base.files], data: mergeDeep(base.data, data) };
}
function mergeDeep(base, over) {
    const out = { ...base };
    for (const [key, value] of Object.entries(over)) {
        const prior = out[key];
        out[key] = isPlainObject(prior) && isPlainObject(value) ? mergeDeep(prior, value) : value;
    }
    return out;
}
function isPlainObject(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/**
 * Parses one stage's section with its schema, listing every problem with its path as users
 * type it (`deps.exceptions[0].expires: ...`).
 */
function parsePolicySection(doc, section, schema) {
    const result = schema.safeParse(doc.data[section] ?? {});
    if (result.success)
        return result.data;
    const problems = result.error.issues.map((issue) => {
        const where = [section, ...issue.path]
            .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
            .join('');
        return `${where}: ${issue.message}`;
    });
    const file = doc.files[0] ?? DEFAULT_POLICY_PATH;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ConfigurationError */ .j1(`Policy file "${file}" is invalid: ${problems.join('; ')}.`);
}


/***/ })

};
