export const id = 17;
export const ids = [17];
export const modules = {

/***/ 34017:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DEFAULT_BASELINE: () => (/* reexport */ DEFAULT_BASELINE),
  SECRET_DIGEST: () => (/* reexport */ SECRET_DIGEST),
  SecretsExceptionSchema: () => (/* reexport */ SecretsExceptionSchema),
  SecretsPolicySchema: () => (/* reexport */ SecretsPolicySchema),
  TOOL_NAME: () => (/* reexport */ TOOL_NAME),
  TOOL_VERSION: () => (/* reexport */ TOOL_VERSION),
  applyExceptions: () => (/* reexport */ applyExceptions),
  builtinRulesPath: () => (/* reexport */ builtinRulesPath),
  compileNative: () => (/* reexport */ compileNative),
  compileRe2: () => (/* reexport */ compileRe2),
  createBaseline: () => (/* reexport */ createBaseline),
  createDetector: () => (/* reexport */ createDetector),
  createSecretDigester: () => (/* reexport */ createSecretDigester),
  describeException: () => (/* reexport */ describeException),
  digestSecret: () => (/* reexport */ digestSecret),
  digestSecrets: () => (/* reexport */ digestSecrets),
  directoryChunks: () => (/* reexport */ directoryChunks),
  loadBuiltinRules: () => (/* reexport */ loadBuiltinRules),
  loadGitleaksConfig: () => (/* reexport */ loadGitleaksConfig),
  logChunks: () => (/* reexport */ logChunks),
  parseGitleaksIgnore: () => (/* reexport */ parseGitleaksIgnore),
  parseRuleFile: () => (/* reexport */ parseRuleFile),
  readBaseline: () => (/* reexport */ readBaseline),
  runSecretsScan: () => (/* reexport */ runSecretsScan),
  scanText: () => (/* binding */ scanText),
  shannonEntropy: () => (/* reexport */ shannonEntropy),
  stagedChunks: () => (/* reexport */ stagedChunks),
  toFinding: () => (/* reexport */ toFinding),
  writeBaseline: () => (/* reexport */ writeBaseline)
});

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ../../node_modules/picomatch/index.js
var picomatch = __webpack_require__(71026);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
// EXTERNAL MODULE: ../findings/src/finding.ts
var finding = __webpack_require__(14734);
;// CONCATENATED MODULE: ../findings/src/redact.ts
/**
 * Redacts a secret for display: keeps a short prefix when the value is long enough that the
 * prefix reveals only its format (`ghp_…`, `AKIA…`), never more than a quarter of it.
 */
function redactSecret(secret) {
    // Leading white space and escapes (a key block's first line break) reveal no format.
    const body = secret.replace(/^(?:\s|\\[nrt])+/, '');
    if (body.length < 12)
        return '*****';
    const keep = Math.min(4, Math.floor(body.length / 4));
    return `${body.slice(0, keep)}*****`;
}
/** Replaces every occurrence of each secret in `text` by its redacted form. */
function redactIn(text, secrets) {
    let out = text;
    for (const s of secrets) {
        if (s.length > 0)
            out = out.split(s).join(redactSecret(s));
    }
    return out;
}

// EXTERNAL MODULE: ../findings/src/fingerprint.ts
var fingerprint = __webpack_require__(90279);
// EXTERNAL MODULE: ../action-kit/src/policy.ts
var src_policy = __webpack_require__(6026);
// EXTERNAL MODULE: ../action-kit/src/errors.ts
var errors = __webpack_require__(68691);
// EXTERNAL MODULE: ../action-kit/src/format.ts
var format = __webpack_require__(59423);
// EXTERNAL MODULE: ../action-kit/src/exceptions.ts
var src_exceptions = __webpack_require__(53746);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
;// CONCATENATED MODULE: ../../actions/secrets-scan/src/baseline.ts




/** The hash a baseline stores for a secret found by a rule. */
function baselineHash(key, ruleId, secret) {
    return (0,fingerprint/* keyedHash */.N)(key, ruleId, secret);
}
/** Creates a baseline from (rule id, secret) pairs; duplicates collapse. */
function createBaseline(found, now = new Date()) {
    const key = (0,external_node_crypto_.randomBytes)(32).toString('hex');
    const entries = new Map();
    for (const f of found) {
        const hash = baselineHash(key, f.ruleId, f.secret);
        entries.set(hash, { hash, rule: f.ruleId });
    }
    return {
        version: 1,
        key,
        createdAt: now.toISOString(),
        entries: [...entries.values()].sort((a, b) => a.rule.localeCompare(b.rule) || a.hash.localeCompare(b.hash)),
    };
}
const REGENERATE = 'Regenerate it with devsecops secrets baseline.';
/** Reads and checks a baseline file; every problem is a ConfigurationError naming the file. */
async function readBaseline(path, shown = path) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`Cannot read baseline file "${shown}" (${error.code ?? 'error'}). Check the baseline path or ${REGENERATE.toLowerCase()}`);
    }
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch (error) {
        const line = jsonErrorLine(text, error);
        throw new errors/* ConfigurationError */.j1(`Baseline file "${shown}" is not valid JSON${line ? ` (line ${line})` : ''}. ${REGENERATE}`);
    }
    const b = doc;
    if (typeof doc !== 'object' ||
        doc === null ||
        b.version !== 1 ||
        typeof b.key !== 'string' ||
        b.key.length < 16 ||
        !Array.isArray(b.entries) ||
        b.entries.some((e) => typeof e?.hash !== 'string' || typeof e?.rule !== 'string')) {
        throw new errors/* ConfigurationError */.j1(`Baseline file "${shown}" is not a devsecops secrets baseline (version 1). ${REGENERATE}`);
    }
    const hashes = new Set(b.entries.map((e) => e.hash));
    const key = b.key;
    return {
        path,
        size: hashes.size,
        has: (ruleId, secret) => hashes.has(baselineHash(key, ruleId, secret)),
    };
}
/** Writes a baseline as stable, reviewable JSON. */
async function writeBaselineFile(path, baseline) {
    await (0,promises_.writeFile)(path, JSON.stringify(baseline, null, 2) + '\n', 'utf8');
}
/** The 1-based line of a JSON syntax error: from the message when it says, else by scanning. */
function jsonErrorLine(text, error) {
    const line = /line (\d+)/.exec(error.message);
    if (line)
        return Number(line[1]);
    const pos = /position (\d+)/.exec(error.message);
    const at = pos ? Number(pos[1]) : findJsonError(text);
    return text.slice(0, at).split('\n').length;
}
/** The offset of the first JSON syntax error (Node 20's messages do not always give one). */
function findJsonError(text) {
    let i = 0;
    const ws = () => {
        while (i < text.length && ' \t\r\n'.includes(text[i]))
            i++;
    };
    const fail = () => {
        throw i;
    };
    const value = () => {
        ws();
        const c = text[i];
        if (c === '{') {
            i++;
            ws();
            if (text[i] === '}')
                return void i++;
            for (;;) {
                ws();
                if (text[i] !== '"')
                    fail();
                string();
                ws();
                if (text[i] !== ':')
                    fail();
                i++;
                value();
                ws();
                if (text[i] === ',')
                    i++;
                else if (text[i] === '}')
                    return void i++;
                else
                    fail();
            }
        }
        else if (c === '[') {
            i++;
            ws();
            if (text[i] === ']')
                return void i++;
            for (;;) {
                value();
                ws();
                if (text[i] === ',')
                    i++;
                else if (text[i] === ']')
                    return void i++;
                else
                    fail();
            }
        }
        else if (c === '"') {
            string();
        }
        else {
            const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
            if (!m)
                fail();
            i += m[0].length;
        }
    };
    const string = () => {
        i++;
        while (i < text.length && text[i] !== '"')
            i += text[i] === '\\' ? 2 : 1;
        if (i >= text.length)
            fail();
        i++;
    };
    try {
        value();
        ws();
        return i;
    }
    catch (at) {
        return typeof at === 'number' ? at : 0;
    }
}

// EXTERNAL MODULE: ../findings/src/expired-exception.ts
var expired_exception = __webpack_require__(30118);
;// CONCATENATED MODULE: ../../actions/secrets-scan/src/exceptions.ts



/** A short name of what an exception covers, for messages. */
function describeException(e) {
    if (e.fingerprint)
        return `finding ${e.fingerprint.slice(0, 12)}`;
    if (e.rule && e.path)
        return `${e.rule} in ${e.path}`;
    return e.rule ?? e.path ?? '';
}
/**
 * Drops the findings that an exception in force covers (every criterion it gives matches), and
 * reports each expired exception, which covers nothing any more.
 */
function applyExceptions(findings, exceptions, options) {
    const expired = exceptions.filter((e) => (0,src_exceptions/* hasExpired */.oN)(e.expires, options.date));
    const covers = exceptions
        .filter((e) => !(0,src_exceptions/* hasExpired */.oN)(e.expires, options.date))
        .map((e) => {
        const path = e.path ? picomatch_default()(e.path, { dot: true }) : undefined;
        return (f) => (!e.fingerprint || e.fingerprint === f.fingerprint) &&
            (!e.rule || e.rule === f.ruleId) &&
            (!path || path(f.location.path));
    });
    const kept = findings.filter((f) => !covers.some((covered) => covered(f)));
    return {
        findings: kept,
        waived: findings.length - kept.length,
        expired,
        expiredFindings: expired.map((e) => expiredFinding(e, options.policyFile, options.tool)),
    };
}
function expiredFinding(e, policyFile, tool) {
    return (0,expired_exception/* expiredExceptionFinding */.eA)({
        stage: 'secrets',
        tool,
        name: describeException(e),
        owner: e.owner,
        expires: e.expires,
        policyFile,
        key: [e.fingerprint, e.rule, e.path],
        remedy: 'Rotate and remove the secret',
    });
}

// EXTERNAL MODULE: external "node:url"
var external_node_url_ = __webpack_require__(73136);
// EXTERNAL MODULE: ../../node_modules/smol-toml/dist/index.js + 8 modules
var dist = __webpack_require__(20528);
// EXTERNAL MODULE: ../../node_modules/re2js/build/index.js
var build = __webpack_require__(13980);
;// CONCATENATED MODULE: ../../actions/secrets-scan/src/engine/pattern.ts

/** Thrown when a pattern does not compile; callers turn it into a ConfigurationError. */
class PatternSyntaxError extends Error {
    name = 'PatternSyntaxError';
}
/**
 * Compiles an RE2 (Go) pattern with re2js, so that no pattern a user writes can backtrack for
 * ever: matching is linear in the input.
 */
function compileRe2(source) {
    let re;
    try {
        re = build/* RE2JS */.L3.compile(source);
    }
    catch (error) {
        throw new PatternSyntaxError(error.message);
    }
    const groupCount = re.groupCount();
    return {
        source,
        engine: 're2',
        matchAll(text) {
            const out = [];
            const m = re.matcher(text);
            while (m.find()) {
                const groups = [];
                for (let g = 0; g <= groupCount; g++)
                    groups.push(m.group(g) ?? undefined);
                const start = m.start();
                const end = m.end();
                out.push({ index: start, end, groups });
                if (end === start && end >= text.length)
                    break;
            }
            return out;
        },
        test: (text) => re.test(text),
    };
}
/**
 * Compiles an RE2-syntax pattern to a native RegExp when it can be translated faithfully
 * (inline flags, `(?P<name>`, POSIX classes, `\A`/`\z`); otherwise falls back to re2js.
 * Built-in rules use this: they are reviewed for catastrophic backtracking before they ship.
 */
function compileNative(source) {
    const translated = translateRe2ToJs(source);
    if (translated) {
        try {
            const re = new RegExp(translated.source, translated.flags + 'g');
            return nativePattern(source, re);
        }
        catch {
            // Fall through to re2js, which accepts the RE2 dialect as written.
        }
    }
    return compileRe2(source);
}
function nativePattern(source, re) {
    const test = new RegExp(re.source, re.flags.replace('g', ''));
    return {
        source,
        engine: 'native',
        matchAll(text) {
            const out = [];
            re.lastIndex = 0;
            let m;
            while ((m = re.exec(text)) !== null) {
                const end = m.index + m[0].length;
                out.push({ index: m.index, end, groups: Array.from(m) });
                if (m[0].length === 0)
                    re.lastIndex++;
            }
            return out;
        },
        test: (text) => test.test(text),
    };
}
const POSIX_CLASSES = {
    alnum: 'a-zA-Z0-9',
    alpha: 'a-zA-Z',
    ascii: '\\x00-\\x7F',
    blank: ' \\t',
    cntrl: '\\x00-\\x1F\\x7F',
    digit: '0-9',
    graph: '!-~',
    lower: 'a-z',
    print: ' -~',
    punct: '!-\\/:-@\\[-`{-~',
    space: ' \\t\\n\\r\\f\\v',
    upper: 'A-Z',
    word: 'A-Za-z0-9_',
    xdigit: '0-9A-Fa-f',
};
/**
 * Translates the RE2 constructs that JavaScript lacks. Returns undefined for what it cannot
 * translate faithfully (flag groups other than a case-insensitive span, `\Q`, `\C`, `\pN` ...).
 */
function translateRe2ToJs(source) {
    let flags = '';
    let s = source;
    const lead = /^\(\?([imsU]+)\)/.exec(s);
    if (lead) {
        const f = lead[1];
        if (f.includes('U'))
            return undefined;
        if (f.includes('i'))
            flags += 'i';
        if (f.includes('s'))
            flags += 's';
        if (f.includes('m'))
            flags += 'm';
        s = s.slice(lead[0].length);
    }
    let out = '';
    let inClass = false;
    // Depth stack of groups; true where a `(?i:` span folds case.
    const groups = [];
    let foldDepth = 0;
    for (let i = 0; i < s.length; i++) {
        const c = s[i];
        if (c === '\\') {
            const n = s[i + 1];
            if (n === undefined)
                return undefined;
            if (n === 'A')
                out += '^';
            else if (n === 'z')
                out += '$';
            else if ('QCpPEK'.includes(n))
                return undefined;
            else
                out += c + n;
            if (n === 'x' && s[i + 2] === '{')
                return undefined;
            i++;
            continue;
        }
        if (inClass) {
            if (c === '[' && s[i + 1] === ':') {
                const close = s.indexOf(':]', i + 2);
                if (close < 0)
                    return undefined;
                const name = s.slice(i + 2, close);
                const neg = name.startsWith('^');
                const cls = POSIX_CLASSES[neg ? name.slice(1) : name];
                if (!cls || neg)
                    return undefined;
                out += cls;
                i = close + 1;
                continue;
            }
            if (c === ']') {
                inClass = false;
                out += c;
                continue;
            }
            const range = /^([a-zA-Z])-([a-zA-Z])/.exec(s.slice(i));
            if (foldDepth > 0 && range) {
                const [, a, b] = range;
                out += `${a}-${b}${swapCase(a)}-${swapCase(b)}`;
                i += 2;
                continue;
            }
            out += foldDepth > 0 ? foldChar(c, true) : c;
            continue;
        }
        if (c === '[') {
            inClass = true;
            out += c;
            if (s[i + 1] === '^') {
                out += '^';
                i++;
            }
            // A leading `]` is a literal in RE2.
            if (s[i + 1] === ']') {
                out += '\\]';
                i++;
            }
            continue;
        }
        if (c === '(') {
            if (s.startsWith('(?P<', i)) {
                out += '(?<';
                i += 3;
                groups.push(false);
                continue;
            }
            const flagGroup = /^\(\?([imsU-]+)(:|\))/.exec(s.slice(i));
            if (flagGroup) {
                if (flagGroup[1] !== 'i')
                    return undefined;
                if (flagGroup[2] === ')') {
                    // A mid-pattern `(?i)` folds case to the end of the enclosing group.
                    if (flags.includes('i')) {
                        i += flagGroup[0].length - 1;
                        continue;
                    }
                    return undefined;
                }
                out += '(?:';
                groups.push(true);
                foldDepth++;
                i += flagGroup[0].length - 1;
                continue;
            }
            groups.push(false);
            out += c;
            continue;
        }
        if (c === ')') {
            if (groups.pop())
                foldDepth--;
            out += c;
            continue;
        }
        if (c === '{' && !/^\{\d+(,\d*)?\}/.test(s.slice(i))) {
            out += '\\{';
            continue;
        }
        if (c === '}' && !/\{\d+(,\d*)?$/.test(s.slice(0, i))) {
            out += '\\}';
            continue;
        }
        out += foldDepth > 0 && !flags.includes('i') ? foldChar(c, false) : c;
    }
    if (inClass || groups.length > 0)
        return undefined;
    return { source: out, flags };
}
function foldChar(c, inClass) {
    const lo = c.toLowerCase();
    const up = c.toUpperCase();
    if (lo === up)
        return c;
    return inClass ? lo + up : `[${lo}${up}]`;
}
function swapCase(c) {
    return c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
}

;// CONCATENATED MODULE: ../../actions/secrets-scan/src/engine/rules.ts




/** Parses gitleaks-shaped TOML (with our `severity` and `samples` keys) into rules. */
function parseRuleFile(text, file, engine) {
    let doc;
    try {
        doc = (0,dist/* parse */.qg)(text);
    }
    catch (error) {
        const line = error.line;
        throw new errors/* ConfigurationError */.j1(`Gitleaks config "${file}" is not valid TOML${line ? ` (line ${line})` : ''}: ${firstLine(error.message)}`);
    }
    const ctx = { file, engine };
    const rules = [];
    const rawRules = doc['rules'];
    if (rawRules !== undefined && !Array.isArray(rawRules)) {
        throw new errors/* ConfigurationError */.j1(`Gitleaks config "${file}": "rules" must be an array of tables ([[rules]]).`);
    }
    const seen = new Set();
    for (const [i, raw] of (rawRules ?? []).entries()) {
        const rule = parseRule(raw, i, ctx);
        if (seen.has(rule.id)) {
            throw new errors/* ConfigurationError */.j1(`Gitleaks config "${file}": rule id "${rule.id}" is defined twice.`);
        }
        seen.add(rule.id);
        rules.push(rule);
    }
    const allowlists = [];
    if (isTable(doc['allowlist']))
        allowlists.push(parseAllowlist(doc['allowlist'], 'allowlist', ctx));
    if (Array.isArray(doc['allowlists'])) {
        for (const [i, raw] of doc['allowlists'].entries()) {
            allowlists.push(parseAllowlist(raw, `allowlists[${i}]`, ctx));
        }
    }
    let extend;
    if (isTable(doc['extend'])) {
        const e = doc['extend'];
        extend = {
            useDefault: e['useDefault'] === true,
            path: optionalString(e['path'], 'extend.path', ctx),
            disabledRules: stringList(e['disabledRules'], 'extend.disabledRules', ctx),
        };
    }
    return { rules, allowlists, extend };
}
function parseRule(raw, index, ctx) {
    if (!isTable(raw))
        throw new errors/* ConfigurationError */.j1(`Gitleaks config "${ctx.file}": rules[${index}] must be a table.`);
    const id = raw['id'];
    if (typeof id !== 'string' || id.trim() === '') {
        throw new errors/* ConfigurationError */.j1(`Gitleaks config "${ctx.file}": rules[${index}] has no "id"; give every rule a unique id.`);
    }
    const where = `rule "${id}"`;
    const regex = optionalString(raw['regex'], `${where} regex`, ctx);
    const path = optionalString(raw['path'], `${where} path`, ctx);
    const pattern = regex === undefined ? undefined : compile(regex, `${where} regex`, ctx);
    const severityRaw = raw['severity'];
    let severity = 'high';
    if (severityRaw !== undefined) {
        const parsed = typeof severityRaw === 'string' ? (0,finding/* parseSeverity */.lv)(severityRaw) : undefined;
        if (!parsed) {
            throw new errors/* ConfigurationError */.j1(`Gitleaks config "${ctx.file}": ${where} severity must be critical, high, medium, low or info.`);
        }
        severity = parsed;
    }
    const secretGroup = optionalNumber(raw['secretGroup'], `${where} secretGroup`, ctx);
    const entropy = optionalNumber(raw['entropy'], `${where} entropy`, ctx);
    const keywords = stringList(raw['keywords'], `${where} keywords`, ctx).map((k) => k.toLowerCase());
    const tags = stringList(raw['tags'], `${where} tags`, ctx);
    const allowlists = [];
    if (isTable(raw['allowlist']))
        allowlists.push(parseAllowlist(raw['allowlist'], `${where} allowlist`, ctx));
    if (Array.isArray(raw['allowlists'])) {
        for (const [i, a] of raw['allowlists'].entries()) {
            allowlists.push(parseAllowlist(a, `${where} allowlists[${i}]`, ctx));
        }
    }
    let samples;
    if (isTable(raw['samples'])) {
        samples = {
            positive: stringList(raw['samples']['positive'], `${where} samples.positive`, ctx),
            negative: stringList(raw['samples']['negative'], `${where} samples.negative`, ctx),
        };
    }
    return {
        id,
        title: typeof raw['description'] === 'string' && raw['description'] ? raw['description'] : id,
        severity,
        severityGiven: severityRaw !== undefined,
        pattern,
        secretGroup,
        entropy,
        keywords,
        path: path === undefined ? undefined : compile(path, `${where} path`, ctx),
        allowlists,
        tags,
        generic: id.startsWith('generic') || tags.includes('generic'),
        // `\s+` between words (netrc's machine/login/password) crosses lines as readily as `\n`.
        multiline: regex !== undefined && /\\n|\[\\s\\S\]|\(\?[a-z]*s|-----BEGIN|\\s\+/.test(regex),
        samples,
    };
}
/**
 * Fails unless every rule can match something. Checked after `[extend]` merging, since an
 * extending file may name a default rule only to add an allowlist to it.
 */
function assertRulesUsable(rules, file) {
    for (const rule of rules) {
        if (!rule.pattern && !rule.path) {
            throw new errors/* ConfigurationError */.j1(`Gitleaks config "${file}": rule "${rule.id}" needs a "regex" or a "path".`);
        }
    }
}
function parseAllowlist(raw, where, ctx) {
    if (!isTable(raw))
        throw new errors/* ConfigurationError */.j1(`Gitleaks config "${ctx.file}": ${where} must be a table.`);
    const condition = raw['condition'] ?? 'OR';
    if (condition !== 'OR' && condition !== 'AND') {
        throw new errors/* ConfigurationError */.j1(`Gitleaks config "${ctx.file}": ${where} condition must be "OR" or "AND".`);
    }
    const regexTarget = raw['regexTarget'] ?? 'secret';
    if (regexTarget !== 'secret' && regexTarget !== 'match' && regexTarget !== 'line') {
        throw new errors/* ConfigurationError */.j1(`Gitleaks config "${ctx.file}": ${where} regexTarget must be "secret", "match" or "line".`);
    }
    const targetRules = raw['targetRules'];
    return {
        description: typeof raw['description'] === 'string' ? raw['description'] : undefined,
        condition,
        regexTarget,
        commits: stringList(raw['commits'], `${where} commits`, ctx),
        paths: stringList(raw['paths'], `${where} paths`, ctx).map((p, i) => compile(p, `${where} paths[${i}]`, ctx)),
        regexes: stringList(raw['regexes'], `${where} regexes`, ctx).map((p, i) => compile(p, `${where} regexes[${i}]`, ctx)),
        stopwords: stringList(raw['stopwords'], `${where} stopwords`, ctx).map((w) => w.toLowerCase()),
        targetRules: targetRules === undefined ? undefined : stringList(targetRules, `${where} targetRules`, ctx),
    };
}
function compile(source, where, ctx) {
    try {
        return ctx.engine === 'native' ? compileNative(source) : compileRe2(source);
    }
    catch (error) {
        if (error instanceof PatternSyntaxError) {
            throw new errors/* ConfigurationError */.j1(`Gitleaks config "${ctx.file}": ${where} is not a valid RE2 regular expression (${firstLine(error.message)}). Fix or remove it.`);
        }
        throw error;
    }
}
function isTable(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}
function optionalString(v, where, ctx) {
    if (v === undefined)
        return undefined;
    if (typeof v !== 'string')
        throw new errors/* ConfigurationError */.j1(`Gitleaks config "${ctx.file}": ${where} must be a string.`);
    return v;
}
function optionalNumber(v, where, ctx) {
    if (v === undefined)
        return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new errors/* ConfigurationError */.j1(`Gitleaks config "${ctx.file}": ${where} must be a number.`);
    }
    return v;
}
function stringList(v, where, ctx) {
    if (v === undefined)
        return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
        throw new errors/* ConfigurationError */.j1(`Gitleaks config "${ctx.file}": ${where} must be a list of strings.`);
    }
    return v;
}
function firstLine(message) {
    return message.split('\n')[0].trim();
}

;// CONCATENATED MODULE: ../../actions/secrets-scan/src/engine/config.ts






/**
 * Where the built-in rules are looked for: beside the sources in the repository, or copied next
 * to a bundle (`dist/rules.toml`).
 */
const BUILTIN_CANDIDATES = [
    '../../../../configs/secrets/rules.toml',
    '../../../configs/secrets/rules.toml',
    './rules.toml',
    './configs/secrets/rules.toml',
];
/** The path of the built-in rules file. */
function builtinRulesPath() {
    const env = process.env['DEVSECOPS_SECRETS_RULES'];
    if (env)
        return env;
    for (const candidate of BUILTIN_CANDIDATES) {
        const path = (0,external_node_url_.fileURLToPath)(new URL(candidate, import.meta.url));
        if ((0,external_node_fs_.existsSync)(path))
            return path;
    }
    throw new errors/* EnvironmentError */.eG('The built-in secret rules (configs/secrets/rules.toml) are missing from this installation.');
}
let builtinCache;
/** The built-in rules (configs/secrets/rules.toml), parsed once; patterns run natively. */
function loadBuiltinRules(path = builtinRulesPath()) {
    if (builtinCache?.path === path)
        return builtinCache;
    const parsed = parseRuleFile((0,external_node_fs_.readFileSync)(path, 'utf8'), path, 'native');
    assertRulesUsable(parsed.rules, path);
    builtinCache = { path, rules: parsed.rules, allowlists: parsed.allowlists };
    return builtinCache;
}
/**
 * Reads a gitleaks configuration. Without `[extend]` its rules replace the built-in ones, as in
 * gitleaks; `useDefault` adds the built-in rules (a rule with the same id is merged, the user's
 * fields winning and allowlists added), `path` extends another file, and `disabledRules` drops
 * rules by id. User patterns are RE2 syntax and run on re2js.
 */
async function loadGitleaksConfig(path, cwd, builtin = () => loadBuiltinRules(), depth = 0) {
    const file = (0,external_node_path_.isAbsolute)(path) ? path : (0,external_node_path_.resolve)(cwd, path);
    // Below the scanned folder, as the repository names it; elsewhere, where it is.
    const below = (0,external_node_path_.relative)(cwd, file);
    const shown = below && !below.startsWith('..') && !(0,external_node_path_.isAbsolute)(below) ? below : file;
    if (depth > 4)
        throw new errors/* ConfigurationError */.j1(`Gitleaks config "${shown}": [extend] is nested too deeply (a cycle?).`);
    let text;
    try {
        text = await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new errors/* ConfigurationError */.j1(`Cannot read gitleaks config "${shown}" (${error.code ?? 'error'}). Check gitleaks-config.`);
    }
    const parsed = parseRuleFile(text, shown, 're2');
    let base = { rules: [], allowlists: [], files: [] };
    if (parsed.extend?.path) {
        base = await loadGitleaksConfig((0,external_node_path_.resolve)((0,external_node_path_.dirname)(file), parsed.extend.path), cwd, builtin, depth + 1);
    }
    else if (parsed.extend?.useDefault) {
        const b = builtin();
        base = { rules: [...b.rules], allowlists: [...b.allowlists], files: [] };
    }
    const rules = new Map(base.rules.map((r) => [r.id, r]));
    for (const rule of parsed.rules) {
        const prior = rules.get(rule.id);
        rules.set(rule.id, prior ? mergeRule(prior, rule) : rule);
    }
    for (const id of parsed.extend?.disabledRules ?? [])
        rules.delete(id);
    assertRulesUsable([...rules.values()], shown);
    return {
        rules: [...rules.values()],
        allowlists: [...base.allowlists, ...parsed.allowlists],
        files: [file, ...base.files],
    };
}
function mergeRule(base, over) {
    return {
        ...base,
        ...over,
        pattern: over.pattern ?? base.pattern,
        path: over.path ?? base.path,
        keywords: over.keywords.length > 0 ? over.keywords : base.keywords,
        title: over.title !== over.id ? over.title : base.title,
        allowlists: [...base.allowlists, ...over.allowlists],
        severity: over.severityGiven ? over.severity : base.severity,
        generic: base.generic || over.generic,
        multiline: over.pattern ? over.multiline : base.multiline,
        samples: over.samples ?? base.samples,
        secretGroup: over.secretGroup ?? base.secretGroup,
        entropy: over.entropy ?? base.entropy,
    };
}

;// CONCATENATED MODULE: ../../actions/secrets-scan/src/engine/decode.ts
/** Encoded values shorter than this are not worth decoding: no credential fits in them. */
const MIN_ENCODED = 16;
/** Encoded values longer than this are data (images, bundles), not a wrapped credential. */
const MAX_ENCODED = 16 * 1024;
const BASE64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_RUN = /(?<![0-9a-fA-F])(?:[0-9a-fA-F]{2}){12,}(?![0-9a-fA-F])/g;
const PERCENT_RUN = /(?:[A-Za-z0-9._~+-]|%[0-9A-Fa-f]{2}){6,}/g;
/**
 * Finds base64, hex and percent-encoded values in `text` and decodes those that turn into
 * printable text. Callers scan the decoded text again, to a bounded depth.
 */
function findEncoded(text) {
    const out = [];
    for (const m of text.matchAll(HEX_RUN)) {
        if (m[0].length > MAX_ENCODED)
            continue;
        const decoded = Buffer.from(m[0], 'hex').toString('latin1');
        if (isPrintable(decoded))
            out.push({ encoding: 'hex', start: m.index, end: m.index + m[0].length, text: decoded });
    }
    for (const m of text.matchAll(BASE64_RUN)) {
        const value = m[0];
        if (value.length < MIN_ENCODED || value.length > MAX_ENCODED)
            continue;
        // Identifiers and words are base64 alphabets too; wrapped values mix cases and digits.
        if (!/[0-9+/=]/.test(value) || !/[a-z]/.test(value) || !/[A-Z]/.test(value))
            continue;
        if (/^[0-9a-fA-F]+$/.test(value))
            continue;
        const decoded = decodeBase64(value);
        if (decoded !== undefined && isPrintable(decoded)) {
            out.push({ encoding: 'base64', start: m.index, end: m.index + value.length, text: decoded });
        }
    }
    if (text.includes('%')) {
        for (const m of text.matchAll(PERCENT_RUN)) {
            const value = m[0];
            if (!value.includes('%') || value.length > MAX_ENCODED)
                continue;
            let decoded;
            try {
                decoded = decodeURIComponent(value.replace(/\+/g, ' '));
            }
            catch {
                continue;
            }
            if (decoded !== value && isPrintable(decoded)) {
                out.push({
                    encoding: 'percent',
                    start: m.index,
                    end: m.index + value.length,
                    text: decoded,
                });
            }
        }
    }
    return out;
}
function decodeBase64(value) {
    const body = value.replace(/=+$/, '');
    if (body.length % 4 === 1)
        return undefined;
    const url = /[_-]/.test(body);
    if (url && /[+/]/.test(body))
        return undefined;
    return Buffer.from(body, url ? 'base64url' : 'base64').toString('latin1');
}
/** Mostly printable ASCII (with tabs and newlines): what a wrapped credential decodes to. */
function isPrintable(text) {
    if (text.length < 8)
        return false;
    let printable = 0;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if ((c >= 0x20 && c < 0x7f) || c === 9 || c === 10 || c === 13)
            printable++;
    }
    return printable / text.length >= 0.95;
}

;// CONCATENATED MODULE: ../../actions/secrets-scan/src/engine/entropy.ts
/** Shannon entropy of `value` in bits per character. */
function shannonEntropy(value) {
    if (value.length === 0)
        return 0;
    const counts = new Map();
    for (let i = 0; i < value.length; i++) {
        const c = value.charCodeAt(i);
        counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    let entropy = 0;
    for (const n of counts.values()) {
        const p = n / value.length;
        entropy -= p * Math.log2(p);
    }
    return entropy;
}

;// CONCATENATED MODULE: ../../actions/secrets-scan/src/engine/filters.ts
/**
 * False-positive filters: values a careful reviewer would not flag. Each returns a short reason
 * when the value should be dropped, so tests and debug output can say why.
 */
/** Documentation examples published by vendors; they are not credentials. */
const VENDOR_EXAMPLES = [
    'AKIAIOSFODNN7EXAMPLE',
    'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'AKIAI44QH8DHBEXAMPLE',
    'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
    'ASIAIOSFODNN7EXAMPLE',
    // The Azure Storage emulator's published account key.
    'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
];
/** Words that mark a value as a placeholder when they make up the value or a large part of it. */
const PLACEHOLDER_WORDS = [
    'example',
    'changeme',
    'change_me',
    'change-me',
    'dummy',
    'placeholder',
    'sample',
    'redacted',
    'notreal',
    'not_real',
    'not-a-real',
    'fake',
    'foobar',
    'insert',
    'replace',
    'todo',
    'xxxx',
    '****',
    '....',
    'secret_here',
    'token_here',
    'key_here',
    'not my real',
    'not a real',
    'abc123',
    '123456',
    'abcdef',
    'qwerty',
];
/** Returns why `input` is a false positive, or undefined to keep it. */
function falsePositiveReason(input) {
    const { secret, line, generic } = input;
    const lower = secret.toLowerCase();
    if (secret.trim().length === 0)
        return 'empty';
    for (const example of VENDOR_EXAMPLES)
        if (secret.includes(example))
            return 'vendor-example';
    if (/EXAMPLE(KEY)?$/.test(secret))
        return 'vendor-example';
    if (/^pk_(live|test)_/.test(secret))
        return 'publishable-key';
    if (isTemplate(secret))
        return 'template';
    if (isPlaceholder(lower))
        return 'placeholder';
    if (isRepeated(secret))
        return 'repeated';
    // Documentation tokens padded to length (`ghp_PersonalAccessToken0124...00000000`).
    if (/(.)\1{5,}$/.test(secret))
        return 'placeholder';
    if (isReference(secret, input.match, generic))
        return 'reference';
    if (isDataUri(line, secret))
        return 'data-uri';
    const at = input.at ?? line.indexOf(secret);
    if (isSignedAvatarLink(line, at))
        return 'signed-link';
    if (isLocalDefault(secret, line, at))
        return 'local-default';
    if (/\b(sha(1|256|384|512)|md5)-[A-Za-z0-9+/]{20,}={0,2}/.test(line) && isBase64Run(secret)) {
        return 'integrity-hash';
    }
    if (generic) {
        // Six equal characters in a row almost never occur in a random credential (though some
        // vendor formats have them, which is why only generic rules drop them).
        if (/(.)\1{5,}/.test(secret))
            return 'repeated';
        // Passwords made of words, one of them the word itself, are what tutorials and tests choose
        // (`User-password1!`, `NewUserPasswd2024`); random values that merely contain it are kept.
        if (/^[A-Za-z]+(?:[-_. ][A-Za-z]+)*[-_. ]?\d{0,4}[!?.#@$%*]{0,2}$/.test(secret) &&
            (/(?:^|[-_. ])pass(?:word|wd)/i.test(secret) ||
                /[a-z](?:Pass|PASS)(?:word|wd|WORD|WD)/.test(secret)))
            return 'placeholder';
        // Names, not values: `StorageSharedKeyCredential`, `base64-encoded-public-key`.
        if (/^[A-Za-z_.-]+$/.test(secret))
            return 'identifier';
        if (/^[a-z]+\d*([-_.][a-z]+\d*)+$/.test(secret) || /^[A-Z]+\d*(_[A-Z]+\d*)+$/.test(secret))
            return 'identifier';
        if (/^\.{0,2}\//.test(secret) || (secret.includes('/') && /\.[a-z]{1,5}$/.test(secret)))
            return 'path';
        if (line.includes(`://${secret}`))
            return 'path';
        // Code, not a value: optional chaining or a call on what was captured.
        if (secret.includes('?.') || line.includes(`${secret}(`))
            return 'reference';
        // A name used twice on its line (`exports.X509Certificate = X509Certificate`) is a variable.
        if (/^[A-Za-z_$][\w$]*$/.test(secret) && line.split(secret).length > 2)
            return 'reference';
        // A base64 value that decodes to a placeholder sentence.
        if (/^[A-Za-z0-9+/]{12,}={0,2}$/.test(secret)) {
            const decoded = Buffer.from(secret, 'base64').toString('latin1');
            if (/^[\x20-\x7e]+$/.test(decoded) && isPlaceholder(decoded.toLowerCase()))
                return 'placeholder';
        }
        if (/^[0-9a-f]{40}$/i.test(secret) &&
            /commit|sha|rev|hash|head|ref\b|digest|checksum|version|integrity/i.test(line)) {
            return 'commit-sha';
        }
        if (/^[0-9a-f]{7,12}$/.test(secret))
            return 'commit-sha';
        if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(secret))
            return 'uuid';
        if (/^(sha(1|256|384|512)|md5)[:=-]/i.test(secret) || /^[0-9a-f]{64}$/i.test(secret))
            return 'digest';
        if (/\b(sha(1|256|384|512)|md5|digest|checksum|integrity|hash)\b/i.test(line) &&
            /^[0-9a-f]{32,128}$/i.test(secret)) {
            return 'digest';
        }
        if (/^(sha(1|256|384|512)|md5)-/.test(secret))
            return 'integrity-hash';
    }
    return undefined;
}
/** `${VAR}`, `{{ var }}`, `<your-token>`, `%(name)s`, `$VAR`, `#{...}`. */
function isTemplate(secret) {
    return (/\$\{[^}]*\}?|\{\{[^}]*\}?\}?|\{%|<[A-Za-z_][\w .-]*>?|%\([\w.]+\)s|#\{[^}]*\}/.test(secret) ||
        /^\$[A-Z_][A-Z0-9_]*$/.test(secret) ||
        /^<.*>$/.test(secret) ||
        /^%[A-Z_]+%$/.test(secret));
}
function isPlaceholder(lower) {
    if (/^(your|my|insert|enter|put|add)[-_ ]?(own[-_ ]?)?[a-z_-]*(key|token|secret|password|pass|pwd|here|value|id)/.test(lower)) {
        return true;
    }
    if (/^(x+|\*+|\.+|-+|_+|#+|0+)$/.test(lower))
        return true;
    for (const word of PLACEHOLDER_WORDS)
        if (lower.includes(word))
            return true;
    return /^(password|secret|token|apikey|api_key|pass|passwd|pwd|null|none|undefined|true|false|test|testing|foo|bar|baz|qux|admin|root|user|guest|demo)\d*$/.test(lower);
}
/** Long runs of one character or of a short cycle (`abcabcabc`, `1234567890`). */
function isRepeated(secret) {
    if (secret.length < 6)
        return false;
    if (/(.)\1{5,}/.test(secret) && new Set(secret).size <= 3)
        return true;
    if (/^(.{1,4})\1{3,}/.test(secret) && new Set(secret).size <= 4)
        return true;
    return /^(0123456789|1234567890|abcdefghij|qwertyuiop)/i.test(secret);
}
/** Code that reads a secret instead of holding one. */
function isReference(secret, match, generic) {
    return (/\b(process\.env|import\.meta\.env|os\.environ|os\.getenv|getenv|System\.getenv|ENV\[|secrets\.|vars\.|env\.|core\.getInput|getInput|config\.get|settings\.)/.test(secret) ||
        (/\b(process\.env|os\.environ|os\.getenv|core\.getInput|System\.getenv)/.test(match) &&
            !/["'`][^"'`]{8,}["'`]/.test(match.replace(/\((["'])[\w-]+\1\)/g, ''))) ||
        (generic && /^[A-Za-z_$][\w$]{0,40}(\.[A-Za-z_$][\w$]{0,40})+(\(.*\))?$/.test(secret)));
}
function isDataUri(line, secret) {
    const at = line.indexOf(secret);
    if (at < 0)
        return false;
    const before = line.slice(Math.max(0, at - 200), at);
    return /data:[\w.+/-]*(;[\w=.-]+)*;base64,[A-Za-z0-9+/=]*$/.test(before);
}
/**
 * A token that GitHub signs into a private avatar or image link
 * (`private-avatars.githubusercontent.com/u/1?jwt=`): it expires minutes after the page was
 * rendered and is pasted along with the link.
 */
function isSignedAvatarLink(line, at) {
    if (at < 0)
        return false;
    const before = line.slice(Math.max(0, at - 300), at);
    return /\/\/private-(?:avatars|user-images)\.githubusercontent\.com\/[^\s"'<>?]*\?(?:[^\s"'<>]*&(?:amp;)?)?jwt=$/.test(before);
}
/** Hosts of this machine: a short password for them is a development default. */
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)$/i;
/**
 * A short password in a URL whose every host is this machine
 * (`mongodb://dev:psw@localhost:27017`): the default of a local database, not a leak. Query
 * parameters that name another host (libpq's `host=`, `hostaddr=`) make it remote.
 */
function isLocalDefault(secret, line, at) {
    if (secret.length >= 12 || at < 0)
        return false;
    // `scheme://user:` before the secret and `@` right after it: the URL's password.
    if (!/[a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:$/i.test(line.slice(Math.max(0, at - 100), at)))
        return false;
    const rest = line.slice(at + secret.length);
    if (!rest.startsWith('@'))
        return false;
    const authority = /^@([^/?#\s"'`<>]*)/.exec(rest)[1];
    const hosts = authority.split(',').map((h) => h.replace(/:\d*$/, ''));
    const query = /^[^?#\s"'`<>]*\?([^#\s"'`<>]*)/.exec(rest.slice(1))?.[1] ?? '';
    if (/(?:^|&)(?:host|hostaddr)=/i.test(query))
        return false;
    return hosts.every((h) => LOOPBACK.test(h));
}
function isBase64Run(secret) {
    return /^[A-Za-z0-9+/=-]+$/.test(secret);
}


;// CONCATENATED MODULE: ../../actions/secrets-scan/src/engine/keyword-automaton.ts
const ALPHABET = 128;
const cache = new Map();
/**
 * Builds the automaton; `caseInsensitive` folds ASCII letters on both sides. The last few
 * automata are kept, since every scan with the same rules needs the same one.
 */
function buildKeywordAutomaton(keywords, caseInsensitive) {
    const key = `${caseInsensitive ? 'i' : 's'}\n${keywords.join('\n')}`;
    const cached = cache.get(key);
    if (cached)
        return cached;
    const built = keyword_automaton_build(keywords, caseInsensitive);
    if (cache.size >= 8)
        cache.delete(cache.keys().next().value);
    cache.set(key, built);
    return built;
}
function keyword_automaton_build(keywords, caseInsensitive) {
    const words = keywords.map((k) => (caseInsensitive ? k.toLowerCase() : k));
    // Trie with goto edges in a growing list of maps, then flattened.
    const edges = [new Map()];
    const outputs = [[]];
    words.forEach((word, index) => {
        let state = 0;
        for (let i = 0; i < word.length; i++) {
            const c = word.charCodeAt(i);
            if (c >= ALPHABET)
                return;
            let next = edges[state].get(c);
            if (next === undefined) {
                next = edges.length;
                edges.push(new Map());
                outputs.push([]);
                edges[state].set(c, next);
            }
            state = next;
        }
        outputs[state].push(index);
    });
    const states = edges.length;
    const delta = new Int32Array(states * ALPHABET);
    const fail = new Int32Array(states);
    const queue = [];
    for (let c = 0; c < ALPHABET; c++) {
        const next = edges[0].get(c);
        delta[c] = next ?? 0;
        if (next !== undefined)
            queue.push(next);
    }
    for (let head = 0; head < queue.length; head++) {
        const state = queue[head];
        outputs[state].push(...outputs[fail[state]]);
        // Missing edges follow the failure state, whose row is complete (it is shallower); then
        // the state's own edges override it.
        const row = state * ALPHABET;
        const failRow = fail[state] * ALPHABET;
        delta.copyWithin(row, failRow, failRow + ALPHABET);
        for (const [c, next] of edges[state]) {
            fail[next] = delta[failRow + c];
            delta[row + c] = next;
            queue.push(next);
        }
    }
    const hasOutput = new Uint8Array(states);
    for (let s = 0; s < states; s++)
        if (outputs[s].length > 0)
            hasOutput[s] = 1;
    const lengths = words.map((w) => w.length);
    // Case folding is built into the table (upper-case columns copy lower-case ones), and a
    // 16-bit table when it fits keeps it in cache: the loop below does one load per character.
    const table = states < 65536 ? new Uint16Array(states * ALPHABET) : new Int32Array(states * ALPHABET);
    table.set(delta);
    if (caseInsensitive) {
        for (let row = 0; row < table.length; row += ALPHABET) {
            table.copyWithin(row + 65, row + 97, row + 123);
        }
    }
    return {
        keywords,
        scan(text, onHit) {
            let state = 0;
            const n = text.length;
            for (let i = 0; i < n; i++) {
                const c = text.charCodeAt(i);
                if (c >= ALPHABET) {
                    state = 0;
                    continue;
                }
                state = table[state * ALPHABET + c];
                if (hasOutput[state] === 1) {
                    for (const k of outputs[state])
                        onHit(i - lengths[k] + 1, k);
                }
            }
        },
        hits(bytes, start = 0, end = bytes.length) {
            let state = 0;
            for (let i = start; i < end; i++) {
                const c = bytes[i];
                if (c >= ALPHABET) {
                    state = 0;
                    continue;
                }
                state = table[state * ALPHABET + c];
                if (hasOutput[state] === 1)
                    return true;
            }
            return false;
        },
        scanLines(bytes, onHit) {
            let state = 0;
            let line = 0;
            const n = bytes.length;
            for (let i = 0; i < n; i++) {
                const c = bytes[i];
                if (c >= ALPHABET) {
                    state = 0;
                    continue;
                }
                if (c === 0x0a)
                    line++;
                state = table[state * ALPHABET + c];
                if (hasOutput[state] === 1) {
                    for (const k of outputs[state])
                        onHit(line, i + 1, k);
                }
            }
        },
    };
}

;// CONCATENATED MODULE: ../../actions/secrets-scan/src/engine/detector.ts





/** Markers that allow a finding on their line (`gitleaks:allow` for gitleaks compatibility). */
const INLINE_ALLOW = /gitleaks:allow|devsecops:allow/;
// Limitation: on lines longer than `longLineChars` a rule sees 256 characters before a keyword
// and 768 after it; a match reaching further is cut (minified bundles rarely hold one).
const WINDOW_BEFORE = 256;
const WINDOW_AFTER = 768;
const MULTILINE_SPAN = 16 * 1024;
/** How many lines below an opening line (`{`, `[`, `(`, `\\`) its window takes in. */
const OPEN_LINE_LINES = 8;
/**
 * A configuration line (`key: value`, `KEY=value`, `"key": "value",`) whose value may be encoded:
 * worth running the decoders on. Code lines fail this early, which keeps decoding cheap.
 */
const CONFIG_VALUE = /^\s*["']?[\w.-]{1,80}["']?\s*[:=]\s*["']?[A-Za-z0-9+/_%-]{16,}={0,2}["']?[,;]?\s*$/;
// Limitation: in code and documentation files an encoded secret is decoded only on a line that
// holds a rule keyword and looks like a `key: value` setting; elsewhere, any line holding the
// encoded form of a distinctive keyword is decoded. A value encoded twice needs the keyword line.
/**
 * Code, bundles, source maps and documentation: the encoded forms of keywords are not searched
 * there (a pass over every byte costs as much as the keyword pass itself, and credentials are
 * wrapped in base64 or hex in configuration, not in code).
 */
const CODE_FILE = /\.(?:[cm]?[jt]sx?|map|css|scss|less|html?|svg|md|markdown|rst)$/i;
/** Builds a detector: one combined keyword prefilter, then rules only where their keywords are. */
function createDetector(rules, options = {}) {
    const maxDepth = options.maxDecodeDepth ?? 2;
    const longLine = options.longLineChars ?? 4096;
    const globalAllowlists = options.allowlists ?? [];
    const stopwords = (options.stopwords ?? []).map((w) => w.toLowerCase());
    const allowRegexes = options.allowRegexes ?? [];
    const stats = { longLines: 0, filtered: {}, allowed: 0 };
    const targets = new Map();
    const encodedTargets = new Map();
    const everywhere = [];
    rules.forEach((rule, index) => {
        if (!rule.pattern)
            return;
        // The automaton knows ASCII only: a rule with another keyword runs everywhere instead.
        if (rule.keywords.length === 0 || rule.keywords.some((k) => !isAscii(k))) {
            everywhere.push(index);
            return;
        }
        for (const keyword of rule.keywords) {
            addTarget(targets, keyword, index, false);
            // Encoded forms of distinctive keywords find wrapped credentials with no clear-text hint.
            if (!rule.generic && keyword.length >= 4) {
                for (const form of encodedForms(keyword)) {
                    addTarget(encodedTargets, form, index, true);
                    if (/^[0-9a-f]+$/.test(form))
                        addTarget(encodedTargets, form.toUpperCase(), index, true);
                }
            }
        }
    });
    const keywordWords = [...targets.keys()];
    const keywordTargets = keywordWords.map((w) => targets.get(w));
    const multilineKeyword = Uint8Array.from(keywordTargets, (t) => t.rules.some((i) => rules[i].multiline) ? 1 : 0);
    const keywordAutomaton = keywordWords.length > 0 ? buildKeywordAutomaton(keywordWords, true) : undefined;
    // Base64 is case-sensitive, so the encoded forms get their own automaton.
    const encodedWords = [...encodedTargets.keys()];
    const encodedTargetList = encodedWords.map((w) => encodedTargets.get(w));
    // Built on first use: a scan of code alone never needs it.
    let encodedAutomaton = encodedWords.length > 0 ? undefined : null;
    const encodedMatcher = () => (encodedAutomaton ??= buildKeywordAutomaton(encodedWords, false));
    const stamp = new Int32Array(rules.length);
    let stampId = 0;
    const rank = new Map(rules.map((r, i) => [r, i]));
    const pathRules = rules.map((r, i) => (r.pattern ? -1 : i)).filter((i) => i >= 0);
    // Without path-scoped rules every rule applies to every chunk: one shared array, not one each.
    const pathScoped = rules.some((r) => r.path);
    const allActive = rules.map(() => true);
    function scan(chunk) {
        // A global path allowlist skips the whole chunk before any work.
        for (const list of globalAllowlists) {
            if (!list.targetRules && isPathOnlyAllow(list) && list.paths.some((p) => p.test(chunk.path)))
                return [];
        }
        const active = pathScoped ? rules.map((r) => !r.path || r.path.test(chunk.path)) : allActive;
        const found = [];
        const order = { n: rules.length, rank };
        for (const index of pathRules) {
            if (!active[index])
                continue;
            const rule = rules[index];
            const c = makeCandidate(rule, chunk, chunk.path, 0, 0, chunk.path, chunk.path, order);
            if (!isAllowed(rule, chunk, c.secret, chunk.path, ''))
                found.push(c);
        }
        scanText(chunk, chunk.text, 0, active, found, order);
        return dedupe(found);
    }
    /**
     * Scans `text`; when `depth` > 0 it is decoded content and `origin` locates the encoded
     * value in the chunk, where findings are reported.
     */
    function scanText(chunk, text, depth, active, found, order, origin) {
        const windows = findWindows(text, active, keywordAutomaton, keywordTargets, true);
        if (encodedAutomaton !== null && (depth > 0 || !CODE_FILE.test(chunk.path))) {
            windows.push(...findWindows(text, active, encodedMatcher(), encodedTargetList, false));
        }
        for (const w of windows) {
            const slice = text.slice(w.start, w.end);
            for (const index of w.rules) {
                const rule = rules[index];
                for (const m of rule.pattern.matchAll(slice)) {
                    const secret = secretOf(rule, m.groups);
                    if (!secret)
                        continue;
                    const rel = m.groups[0].indexOf(secret);
                    const start = w.start + m.index + Math.max(0, rel);
                    // A value on the next line after an empty assignment is not that key's value.
                    if (!rule.multiline && isEmptyAssignment(text, w.start + m.index, start))
                        continue;
                    const line = lineAround(text, start);
                    const candidate = checkCandidate(rule, chunk, text, start, secret, m.groups[0], line, depth, origin, order);
                    if (candidate)
                        found.push(candidate);
                }
            }
            if (depth < maxDepth &&
                (w.decode || (slice.length <= longLine && CONFIG_VALUE.test(slice)))) {
                for (const seg of findEncoded(slice)) {
                    const segOrigin = origin ?? {
                        start: w.start + seg.start,
                        end: w.start + seg.end,
                        encoding: seg.encoding,
                    };
                    scanText(chunk, seg.text, depth + 1, active, found, order, segOrigin);
                }
            }
        }
    }
    function findWindows(text, active, automaton, lookup, withEverywhere) {
        const windows = [];
        if (withEverywhere && everywhere.length > 0) {
            const live = everywhere.filter((i) => active[i]);
            if (live.length > 0)
                windows.push({ start: 0, end: text.length, rules: live, decode: false });
        }
        if (!automaton)
            return windows;
        let lineStart = -1;
        let lineEnd = -1;
        let current;
        let currentId = 0;
        automaton.scan(text, (at, keyword) => {
            const target = lookup[keyword];
            if (at >= lineEnd || at < lineStart) {
                lineStart = text.lastIndexOf('\n', at) + 1;
                lineEnd = text.indexOf('\n', at);
                if (lineEnd < 0)
                    lineEnd = text.length;
                current = undefined;
                if (lineEnd - lineStart > longLine)
                    stats.longLines++;
            }
            const long = lineEnd - lineStart > longLine;
            const start = long ? Math.max(lineStart, at - WINDOW_BEFORE) : lineStart;
            const end = long ? Math.min(lineEnd, at + WINDOW_AFTER) : lineEnd;
            if (!current || start > current.end) {
                current = { start, end: long ? end : extendOpenLine(text, end), rules: [], decode: false };
                currentId = ++stampId;
                windows.push(current);
            }
            else if (end > current.end) {
                current.end = end;
            }
            if (target.encoded) {
                current.decode = true;
                return;
            }
            for (const index of target.rules) {
                if (!active[index])
                    continue;
                const rule = rules[index];
                if (rule.multiline) {
                    windows.push({
                        start: lineStart,
                        end: Math.min(text.length, at + MULTILINE_SPAN),
                        rules: [index],
                        decode: false,
                    });
                }
                else if (stamp[index] !== currentId) {
                    stamp[index] = currentId;
                    current.rules.push(index);
                }
            }
        });
        return windows;
    }
    function checkCandidate(rule, chunk, text, start, secret, match, line, depth, origin, order) {
        const entropy = shannonEntropy(secret);
        if (rule.entropy !== undefined && entropy < rule.entropy)
            return undefined;
        const at = start - (text.lastIndexOf('\n', start - 1) + 1);
        const reason = falsePositiveReason({ secret, match, line, at, generic: rule.generic });
        if (reason) {
            stats.filtered[reason] = (stats.filtered[reason] ?? 0) + 1;
            return undefined;
        }
        // Where to report: the encoded value in the chunk for decoded content, else the secret.
        const reportStart = origin ? origin.start : start;
        const reportLine = origin ? lineAround(chunk.text, origin.start) : line;
        if (INLINE_ALLOW.test(reportLine) || isAllowed(rule, chunk, secret, match, line)) {
            stats.allowed++;
            return undefined;
        }
        const reported = origin ? chunk.text.slice(origin.start, origin.end) : secret;
        const c = makeCandidate(rule, chunk, secret, reportStart, reported.length, reportLine, reported, order);
        c.entropy = Math.round(entropy * 100) / 100;
        if (origin)
            c.encoding = origin.encoding;
        void depth;
        return c;
    }
    function isAllowed(rule, chunk, secret, match, line) {
        const lower = secret.toLowerCase();
        if (stopwords.some((w) => lower.includes(w)))
            return true;
        if (allowRegexes.some((p) => p.test(secret) || p.test(line)))
            return true;
        const ctx = { secret, lower, match, line, path: chunk.path, commit: chunk.commit?.sha };
        if (rule.allowlists.some((a) => allowlistMatches(a, ctx)))
            return true;
        return globalAllowlists.some((a) => (!a.targetRules || a.targetRules.includes(rule.id)) && allowlistMatches(a, ctx));
    }
    function mayMatch(path, bytes) {
        const applies = (index) => {
            const rule = rules[index];
            return !rule.path || rule.path.test(path);
        };
        if (everywhere.some(applies) || pathRules.some(applies))
            return true;
        if (keywordAutomaton?.hits(bytes))
            return true;
        return encodedAutomaton !== null && !CODE_FILE.test(path) && encodedMatcher().hits(bytes);
    }
    function selectLines(path, bytes) {
        const applies = (index) => {
            const rule = rules[index];
            return !rule.path || rule.path.test(path);
        };
        if (everywhere.some(applies) || pathRules.some(applies))
            return undefined;
        // Most files hold no keyword at all: one pass that stops at the first hit settles them.
        const encoded = encodedAutomaton !== null && !CODE_FILE.test(path);
        if (!keywordAutomaton?.hits(bytes) && !(encoded && encodedMatcher().hits(bytes)))
            return [];
        let marks = new Uint8Array(0);
        let lastLine = -1;
        const keep = (from, through) => {
            if (through >= marks.length) {
                const grown = new Uint8Array(Math.max(through + 1, marks.length * 2));
                grown.set(marks);
                marks = grown;
            }
            marks.fill(1, from, through + 1);
        };
        keywordAutomaton?.scanLines(bytes, (line, end, keyword) => {
            const multiline = multilineKeyword[keyword] === 1;
            if (line === lastLine && !multiline)
                return;
            lastLine = line;
            let through = opensBlock(bytes, end) ? line + OPEN_LINE_LINES : line;
            // A multi-line rule reads MULTILINE_SPAN characters on: up to three bytes each.
            if (multiline)
                through = Math.max(through, lineAt(bytes, end, end + 3 * MULTILINE_SPAN, line));
            keep(line, through);
        });
        if (encoded) {
            let lastEncoded = -1;
            encodedMatcher().scanLines(bytes, (line, end) => {
                if (line === lastEncoded)
                    return;
                lastEncoded = line;
                keep(line, opensBlock(bytes, end) ? line + OPEN_LINE_LINES : line);
            });
        }
        const lines = [];
        for (let i = 0; i < marks.length; i++)
            if (marks[i] === 1)
                lines.push(i);
        return lines;
    }
    return { rules, stats, scan, mayMatch, selectLines };
}
/** Gitleaks semantics: OR drops on any criterion; AND needs every criterion that is given. */
function allowlistMatches(list, ctx) {
    const checks = [];
    if (list.commits.length > 0) {
        checks.push(ctx.commit !== undefined &&
            list.commits.some((c) => c === ctx.commit || (c.length >= 7 && ctx.commit.startsWith(c))));
    }
    if (list.paths.length > 0)
        checks.push(list.paths.some((p) => p.test(ctx.path)));
    if (list.regexes.length > 0) {
        const target = list.regexTarget === 'match'
            ? ctx.match
            : list.regexTarget === 'line'
                ? ctx.line
                : ctx.secret;
        checks.push(list.regexes.some((p) => p.test(target)));
    }
    if (list.stopwords.length > 0)
        checks.push(list.stopwords.some((w) => ctx.lower.includes(w)));
    if (checks.length === 0)
        return false;
    return list.condition === 'AND' ? checks.every(Boolean) : checks.some(Boolean);
}
function isPathOnlyAllow(list) {
    return (list.paths.length > 0 &&
        (list.condition === 'OR' ||
            (list.commits.length === 0 && list.regexes.length === 0 && list.stopwords.length === 0)));
}
/** Whether the line holding byte `at` ends in an opener, which `extendOpenLine` extends. */
function opensBlock(bytes, at) {
    const nl = bytes.indexOf(0x0a, at);
    let last = (nl < 0 ? bytes.length : nl) - 1;
    while (last >= at && (bytes[last] === 0x20 || bytes[last] === 0x09 || bytes[last] === 0x0d)) {
        last--;
    }
    const c = last >= 0 ? bytes[last] : undefined;
    return c === 0x7b || c === 0x5b || c === 0x28 || c === 0x5c;
}
/** The line (counting from `line` at `from`) of the byte before `to`, or of the last byte. */
function lineAt(bytes, from, to, line) {
    const end = Math.min(to, bytes.length);
    let n = line;
    for (let i = bytes.indexOf(0x0a, from); i >= 0 && i < end - 1; i = bytes.indexOf(0x0a, i + 1))
        n++;
    return n;
}
function isAscii(text) {
    for (let i = 0; i < text.length; i++)
        if (text.charCodeAt(i) > 0x7f)
            return false;
    return true;
}
function addTarget(targets, keyword, rule, encoded) {
    const key = encoded ? keyword : keyword.toLowerCase();
    let t = targets.get(key);
    if (!t) {
        t = { rules: [], encoded };
        targets.set(key, t);
    }
    if (encoded)
        t.encoded = true;
    if (!t.rules.includes(rule))
        t.rules.push(rule);
}
/**
 * The fragments a keyword leaves in base64 (at each of the three alignments) and in hex, in
 * lower and upper case: only the characters fully determined by the keyword's bytes.
 */
function encodedForms(keyword) {
    const forms = new Set();
    for (const variant of new Set([keyword.toLowerCase(), keyword.toUpperCase()])) {
        const bytes = Buffer.from(variant, 'latin1');
        forms.add(bytes.toString('hex'));
        for (let pad = 0; pad < 3; pad++) {
            const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
            const first = Math.ceil((pad * 8) / 6);
            const last = Math.floor(((pad + bytes.length) * 8) / 6);
            const fragment = encoded.slice(first, last);
            if (fragment.length >= 4)
                forms.add(fragment);
        }
    }
    return [...forms];
}
/** Lines that open a structure (`"auths": {`) bring in the lines below, up to 8 or 1 kB. */
function extendOpenLine(text, lineEnd) {
    let last = lineEnd - 1;
    while (last >= 0 && (text[last] === ' ' || text[last] === '\t' || text[last] === '\r'))
        last--;
    const c = text[last];
    if (c !== '{' && c !== '[' && c !== '(' && c !== '\\')
        return lineEnd;
    let end = lineEnd;
    for (let i = 0; i < OPEN_LINE_LINES && end < text.length && end - lineEnd < 1024; i++) {
        const next = text.indexOf('\n', end + 1);
        end = next < 0 ? text.length : next;
    }
    return end;
}
/** True when the match starts on a line that ends in an assignment with no value. */
function isEmptyAssignment(text, matchStart, secretStart) {
    const nl = text.indexOf('\n', matchStart);
    if (nl < 0 || nl >= secretStart)
        return false;
    return /(?::=|=>|[:=])\s*["'`]?\s*$/.test(text.slice(matchStart, nl));
}
function secretOf(rule, groups) {
    if (rule.secretGroup !== undefined && rule.secretGroup > 0)
        return groups[rule.secretGroup];
    if (groups.length === 2 && groups[1])
        return groups[1];
    return groups[0];
}
function lineAround(text, at) {
    const start = text.lastIndexOf('\n', at - 1) + 1;
    let end = text.indexOf('\n', at);
    if (end < 0)
        end = text.length;
    const line = text.slice(start, end);
    return line.endsWith('\r') ? line.slice(0, -1) : line;
}
function makeCandidate(rule, chunk, secret, start, length, line, shown, order) {
    const { line: lineNo, column } = position(chunk, start);
    const endPos = position(chunk, start + length);
    return {
        ruleId: rule.id,
        title: rule.title,
        severity: rule.severity,
        path: chunk.path,
        line: lineNo,
        column,
        endLine: endPos.line,
        endColumn: endPos.column,
        secret,
        commit: chunk.commit,
        redactedLine: redactLine(line, shown, secret),
        start,
        end: start + length,
        generic: rule.generic,
        order: order.rank.get(rule) ?? order.n++,
        format: rule.keywords.some((k) => secret.toLowerCase().includes(k)),
    };
}
/** 1-based line and column of `offset` in the chunk, mapped through patch line numbers. */
const newlineIndex = new WeakMap();
function position(chunk, offset) {
    let newlines = newlineIndex.get(chunk);
    if (!newlines) {
        newlines = [];
        for (let i = chunk.text.indexOf('\n'); i >= 0; i = chunk.text.indexOf('\n', i + 1))
            newlines.push(i);
        newlineIndex.set(chunk, newlines);
    }
    // Binary search: the number of newlines before `offset` is the 0-based line.
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (newlines[mid] < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    const line = lo + 1;
    const lineStart = lo === 0 ? 0 : newlines[lo - 1] + 1;
    const mapped = chunk.lineNumbers
        ? (chunk.lineNumbers[line - 1] ?? line)
        : line + (chunk.firstLine ?? 1) - 1;
    return { line: mapped, column: offset - lineStart + 1 };
}
/** The line with the secret redacted, cut around it when the line is long. */
function redactLine(line, shown, secret) {
    let out = line;
    for (const s of new Set([shown, secret]))
        if (s)
            out = out.split(s).join(redactSecret(s));
    if (out.length <= 240)
        return out.trim();
    const at = Math.max(0, out.indexOf('*****') - 100);
    return `…${out.slice(at, at + 200).trim()}…`;
}
/** The public part of a candidate. */
function toMatch(c) {
    const m = {
        ruleId: c.ruleId,
        title: c.title,
        severity: c.severity,
        path: c.path,
        line: c.line,
        column: c.column,
        endLine: c.endLine,
        endColumn: c.endColumn,
        secret: c.secret,
        redactedLine: c.redactedLine,
    };
    if (c.encoding)
        m.encoding = c.encoding;
    if (c.entropy !== undefined)
        m.entropy = c.entropy;
    if (c.commit)
        m.commit = c.commit;
    return m;
}
function dedupe(found) {
    const specific = found.filter((c) => !c.generic);
    const seen = new Set();
    const out = [];
    const rank = (c) => (c.generic ? 2 : c.format ? 0 : 1);
    for (const c of found.sort((a, b) => a.start - b.start || a.end - b.end || rank(a) - rank(b) || a.order - b.order)) {
        if (c.generic && specific.some((s) => s.start < c.end && c.start < s.end))
            continue;
        const key = `${c.start}:${c.end}`;
        if (seen.has(key))
            continue;
        seen.add(key);
        out.push(toMatch(c));
    }
    return out;
}


;// CONCATENATED MODULE: ../../actions/secrets-scan/src/ignore-file.ts

/**
 * Parses `.gitleaksignore`: one gitleaks fingerprint a line, `commit:file:rule:line` for history
 * findings or `file:rule:line` for files; `#` starts a comment. Malformed lines are skipped.
 */
function parseGitleaksIgnore(text) {
    const out = [];
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        if (!line || line.startsWith('#'))
            continue;
        const parts = line.split(':');
        if (parts.length < 3)
            continue;
        const lineNo = Number(parts.pop());
        const ruleId = parts.pop();
        if (!Number.isInteger(lineNo) || !ruleId)
            continue;
        let commit;
        if (parts.length > 1 && /^[0-9a-f]{7,64}$/i.test(parts[0]))
            commit = parts.shift();
        out.push({ commit, path: parts.join(':'), ruleId, line: lineNo });
    }
    return out;
}
/** Reads `.gitleaksignore` if present. */
async function readGitleaksIgnore(path) {
    const text = await (0,promises_.readFile)(path, 'utf8').catch(() => undefined);
    return text === undefined ? [] : parseGitleaksIgnore(text);
}
/** True when an entry names this finding (an entry with a commit matches only that commit). */
function isIgnored(entries, f) {
    return entries.some((e) => e.path === f.path &&
        e.ruleId === f.ruleId &&
        e.line === f.line &&
        (e.commit === undefined || (f.commit !== undefined && f.commit.startsWith(e.commit))));
}

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
;// CONCATENATED MODULE: ../../actions/secrets-scan/src/secret-digest.ts


/**
 * How a finding's fingerprint stands for its secret.
 *
 * A fingerprint must come out the same on every machine and in every run (code scanning tracks
 * an alert by it), so it cannot be keyed with anything secret. A fast hash of the secret would
 * then let anyone holding a published SARIF file confirm a guessed short secret with one hash
 * per guess. The secret is therefore stretched with scrypt (N = 2^14, r = 8, p = 1: 16 MiB and
 * some 20 to 40 ms of CPU per guess), salted with a fixed domain string and the rule id, so that
 * one guess tests one rule and no table serves another tool. A run derives each distinct secret
 * once, on every core; a scan with thousands of findings of a few secrets costs a few digests.
 *
 * Changing any of these parameters changes every fingerprint: code scanning would then close
 * each alert and open it again.
 */
const SECRET_DIGEST = {
    domain: 'devsecops-secrets/fingerprint/v1',
    cost: 1 << 14,
    blockSize: 8,
    parallelization: 1,
    bytes: 32,
};
const OPTIONS = {
    N: SECRET_DIGEST.cost,
    r: SECRET_DIGEST.blockSize,
    p: SECRET_DIGEST.parallelization,
    // 128 * N * r bytes, with room to spare.
    maxmem: 256 * SECRET_DIGEST.cost * SECRET_DIGEST.blockSize,
};
function salt(ruleId) {
    return `${SECRET_DIGEST.domain}\u0000${ruleId}`;
}
/** The stretched digest (hex) of a secret found by a rule; deliberately slow. */
function digestSecret(ruleId, secret) {
    return (0,external_node_crypto_.scryptSync)(secret, salt(ruleId), SECRET_DIGEST.bytes, OPTIONS).toString('hex');
}
/** A digester running at most `concurrency` derivations at once. */
function createSecretDigester(concurrency = (0,external_node_os_.availableParallelism)()) {
    const digests = new Map();
    const queued = [];
    const known = new Set();
    let running = 0;
    let derived = 0;
    let failure;
    let idle;
    const pump = () => {
        while (running < Math.max(1, concurrency) && queued.length > 0) {
            const { key, ruleId, secret } = queued.shift();
            running++;
            derive(ruleId, secret).then((digest) => {
                digests.set(key, digest);
                derived++;
                running--;
                pump();
            }, (error) => {
                failure ??= error;
                running--;
                pump();
            });
        }
        if (running === 0 && queued.length === 0)
            idle?.();
    };
    return {
        add(ruleId, secret) {
            const key = pairKey(ruleId, secret);
            if (known.has(key))
                return;
            known.add(key);
            queued.push({ key, ruleId, secret });
            pump();
        },
        async settle() {
            if (running > 0 || queued.length > 0) {
                await new Promise((resolve) => (idle = resolve));
            }
            if (failure !== undefined)
                throw failure;
            return {
                get(ruleId, secret) {
                    const key = pairKey(ruleId, secret);
                    let digest = digests.get(key);
                    if (digest === undefined) {
                        digest = digestSecret(ruleId, secret);
                        digests.set(key, digest);
                        derived++;
                    }
                    return digest;
                },
                get derived() {
                    return derived;
                },
            };
        },
    };
}
/** Derives the digest of every distinct (rule, secret) pair in `found`; see the digester. */
async function digestSecrets(found, concurrency = (0,external_node_os_.availableParallelism)()) {
    const digester = createSecretDigester(concurrency);
    for (const f of found)
        digester.add(f.ruleId, f.secret);
    return digester.settle();
}
function pairKey(ruleId, secret) {
    return `${ruleId.length}:${ruleId}${secret}`;
}
function derive(ruleId, secret) {
    return new Promise((resolve, reject) => (0,external_node_crypto_.scrypt)(secret, salt(ruleId), SECRET_DIGEST.bytes, OPTIONS, (error, key) => error ? reject(error) : resolve(key.toString('hex'))));
}

// EXTERNAL MODULE: ../../node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(98476);
;// CONCATENATED MODULE: ../../actions/secrets-scan/src/policy.ts



/**
 * An accepted finding: one fingerprint, or every finding of a rule and/or under a path, until a
 * date, with who accepted it and why.
 */
const SecretsExceptionSchema = schemas/* object */.Ikc({
    fingerprint: schemas/* string */.YjP()
        .regex(/^[0-9a-fA-F]{32}$/, 'must be a finding fingerprint (32 hex digits, from the reports)')
        .transform((value) => value.toLowerCase())
        .optional()
        .describe("A finding's fingerprint, as the JSON report and SARIF give it."),
    rule: schemas/* string */.YjP().min(1).optional().describe('A rule id, e.g. private-key.'),
    path: schemas/* string */.YjP()
        .min(1)
        .refine((value) => !value.startsWith('/'), {
        message: 'is relative to the repository root: drop the leading /',
    })
        .optional()
        .describe('A glob of repository paths, e.g. "test/fixtures/**".'),
    owner: (0,src_exceptions/* requiredText */.$4)().describe('Who accepted it.'),
    reason: (0,src_exceptions/* requiredText */.$4)().describe('Why it is not a leak, or why it may stay for now.'),
    expires: src_exceptions/* ExpiryDateSchema */.zz.describe('The last day it holds (UTC, YYYY-MM-DD).'),
})
    .strict()
    .refine((e) => e.fingerprint || e.rule || e.path, {
    message: 'names no finding: give a fingerprint, a rule, a path or a rule and a path',
});
/** The `secrets` section of `.github/devsecops.yml`. */
const SecretsPolicySchema = schemas/* object */.Ikc({
    'fail-on': schemas/* enum */.k5n(finding/* SEVERITIES */.oC)
        .optional()
        .describe('Fail when a finding is at or above this severity.'),
    baseline: schemas/* string */.YjP()
        .optional()
        .describe('Baseline file of accepted secrets (default .secrets-baseline.json).'),
    'ignore-paths': schemas/* array */.YOg(schemas/* string */.YjP())
        .optional()
        .describe('Globs of repository paths not to scan, e.g. "test/fixtures/**".'),
    'allow-regexes': schemas/* array */.YOg(schemas/* string */.YjP())
        .optional()
        .describe('RE2 patterns; a finding whose secret or line matches one is not reported.'),
    stopwords: schemas/* array */.YOg(schemas/* string */.YjP())
        .optional()
        .describe('Words; a secret containing one is not reported.'),
    'disabled-rules': schemas/* array */.YOg(schemas/* string */.YjP()).optional().describe('Rule ids not to run.'),
    exceptions: schemas/* array */.YOg(SecretsExceptionSchema)
        .optional()
        .describe('Accepted findings with an owner, a reason and an expiry date.'),
    'gitleaks-config': schemas/* string */.YjP()
        .optional()
        .describe('A gitleaks TOML config (default .gitleaks.toml when present).'),
})
    .strict();

// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(46193);
// EXTERNAL MODULE: ../../actions/secrets-scan/node_modules/ignore/index.js
var ignore = __webpack_require__(88174);
var ignore_default = /*#__PURE__*/__webpack_require__.n(ignore);
;// CONCATENATED MODULE: ../../actions/secrets-scan/src/sources/directory.ts






/** Bytes sniffed for a NUL to tell binary files apart, as git does. */
const SNIFF_BYTES = 8000;
/** Text carried from one part of a large file into the next, so matches across the cut are found. */
const PART_OVERLAP = 32 * 1024;
/**
 * Yields the text files under `root` as chunks, honouring `.gitignore` files at every level
 * (and `.git/info/exclude`) unless `noGitignore`. Never enters `.git`; does not follow symlinks.
 */
async function* directoryChunks(root, stats, options = {}) {
    // The folder given may be a link to one; links met inside it are not followed.
    const rootStat = await (0,promises_.stat)(root).catch(() => undefined);
    if (!rootStat?.isDirectory())
        throw new errors/* ConfigurationError */.j1(`"${root}" is not a directory; check the path to scan.`);
    const largeBytes = options.largeFileBytes ?? 8 * 1024 * 1024;
    const partBytes = options.partBytes ?? 8 * 1024 * 1024;
    const files = [];
    await collect(root, root, [], options, files, stats);
    options.onTotal?.(files.length);
    for (const file of files) {
        if (file.size > largeBytes) {
            stats.large++;
            yield* largeFileChunks(file.abs, file.rel, partBytes, stats);
            continue;
        }
        // Synchronous reads: with a warm cache, the thread-pool round trips of fs/promises cost
        // more than the reads themselves, and the scan has nothing else to do meanwhile.
        let buffer;
        try {
            buffer = (0,external_node_fs_.readFileSync)(file.abs);
        }
        catch {
            (stats.unreadable ??= []).push(file.rel);
            continue;
        }
        const utf16 = utf16Text(buffer);
        if (utf16 === undefined && isBinary(buffer)) {
            stats.binary++;
            continue;
        }
        stats.files++;
        stats.bytes += buffer.length;
        yield { path: file.rel, text: utf16 ?? buffer.toString('utf8') };
    }
}
/**
 * Decodes text that starts with a UTF-16 byte order mark (Windows tools write such files, and
 * their NUL bytes would otherwise class them as binary); undefined for anything else.
 */
function utf16Text(buffer) {
    if (buffer.length < 4)
        return undefined;
    const little = buffer[0] === 0xff && buffer[1] === 0xfe;
    const big = buffer[0] === 0xfe && buffer[1] === 0xff;
    if (!little && !big)
        return undefined;
    // A byte order mark alone proves little: mostly-ASCII UTF-16 has a NUL in most high bytes.
    const sample = buffer.subarray(2, 2 + 1024);
    let units = 0;
    let zeros = 0;
    for (let i = little ? 1 : 0; i < sample.length; i += 2) {
        units++;
        if (sample[i] === 0)
            zeros++;
    }
    if (zeros * 3 < units)
        return undefined;
    const body = Buffer.from(buffer.subarray(2, buffer.length - (buffer.length % 2)));
    return (big ? body.swap16() : body).toString('utf16le');
}
/** True when the first bytes hold a NUL, the sign git uses for binary content. */
function isBinary(buffer) {
    return buffer.subarray(0, SNIFF_BYTES).includes(0);
}
async function collect(root, dir, rules, options, out, stats) {
    let entries;
    const relDir = toPosix((0,external_node_path_.relative)(root, dir));
    try {
        entries = (0,external_node_fs_.readdirSync)(dir, { withFileTypes: true });
    }
    catch {
        (stats.unreadable ??= []).push(`${relDir}/`);
        return;
    }
    let scoped = rules;
    if (!options.noGitignore) {
        const extra = [];
        if (relDir === '') {
            extra.push(await (0,promises_.readFile)((0,external_node_path_.join)(root, '.git', 'info', 'exclude'), 'utf8').catch(() => ''));
        }
        if (entries.some((e) => e.name === '.gitignore' && e.isFile())) {
            extra.push(await (0,promises_.readFile)((0,external_node_path_.join)(dir, '.gitignore'), 'utf8').catch(() => ''));
        }
        const text = extra.join('\n');
        if (text.trim())
            scoped = [...rules, { base: relDir, ig: ignore_default()().add(text) }];
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
        if (entry.name === '.git')
            continue;
        const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
        const isDir = entry.isDirectory();
        if (!isDir && !entry.isFile())
            continue;
        if (directory_isIgnored(scoped, rel, isDir))
            continue;
        if (options.exclude?.(rel)) {
            stats.ignored++;
            continue;
        }
        const abs = (0,external_node_path_.join)(dir, entry.name);
        if (isDir) {
            await collect(root, abs, scoped, options, out, stats);
        }
        else {
            let size = 0;
            try {
                size = (0,external_node_fs_.lstatSync)(abs).size;
            }
            catch {
                (stats.unreadable ??= []).push(rel);
                continue;
            }
            out.push({ abs, rel, size });
        }
    }
}
/** Git's precedence: the deepest .gitignore that says anything about a path decides. */
function directory_isIgnored(rules, rel, isDir) {
    for (let i = rules.length - 1; i >= 0; i--) {
        const { base, ig } = rules[i];
        const sub = base === '' ? rel : rel.startsWith(base + '/') ? rel.slice(base.length + 1) : undefined;
        if (sub === undefined)
            continue;
        const verdict = ig.test(isDir ? `${sub}/` : sub);
        if (verdict.ignored)
            return true;
        if (verdict.unignored)
            return false;
    }
    return false;
}
/**
 * Reads a large file part by part in bounded memory. Each part ends at a line break and starts
 * with the last lines of the previous part, so a secret cut by a part boundary is still whole
 * in one of them; callers drop the duplicates this produces.
 */
async function* largeFileChunks(abs, rel, partBytes, stats) {
    const stream = (0,external_node_fs_.createReadStream)(abs, { highWaterMark: partBytes });
    const decoder = new external_node_string_decoder_.StringDecoder('utf8');
    let carry = '';
    let carryLine = 1;
    let first = true;
    for await (const data of stream) {
        if (first) {
            first = false;
            if (isBinary(data)) {
                stats.binary++;
                stream.destroy();
                return;
            }
            stats.files++;
        }
        stats.bytes += data.length;
        const text = carry + decoder.write(data);
        const cut = text.lastIndexOf('\n');
        if (cut < 0) {
            carry = text;
            continue;
        }
        const body = text.slice(0, cut);
        yield { path: rel, text: body, firstLine: carryLine };
        // Keep the tail of this part as the head of the next one, starting at a line break.
        let keepFrom = Math.max(0, cut - PART_OVERLAP);
        const nl = text.indexOf('\n', keepFrom);
        keepFrom = keepFrom === 0 ? 0 : nl + 1;
        carryLine += countLines(text, 0, keepFrom);
        carry = text.slice(keepFrom);
    }
    const tail = carry + decoder.end();
    if (tail.length > 0)
        yield { path: rel, text: tail, firstLine: carryLine };
}
function countLines(text, from, to) {
    let n = 0;
    for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1))
        n++;
    return n;
}
function toPosix(p) {
    return external_node_path_.sep === '/' ? p : p.split(external_node_path_.sep).join('/');
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
;// CONCATENATED MODULE: ../../actions/secrets-scan/src/sources/git.ts



/** Marks the start of a commit in `git log` output; fields are separated by unit separators. */
const SENTINEL = '\u001edevsecops-commit';
const FORMAT = `--format=%x1edevsecops-commit%x1f%H%x1f%an%x1f%ae%x1f%aI%x1f%s`;
/**
 * Patches as cheap as git makes them while keeping every added line: no context, no rename
 * detection (a renamed file shows whole, so its lines are still scanned), full blob names
 * (abbreviating them costs an object lookup each).
 */
const DIFF_FLAGS = [
    '-U0',
    '--no-color',
    '--no-ext-diff',
    '--no-renames',
    '--no-textconv',
    '--full-index',
];
/**
 * Runs git with fixed, safe options. Spawn failures (git missing) are environment errors; a
 * non-zero exit becomes whatever `onFailure` says.
 */
async function runGit(root, args) {
    return new Promise((resolvePromise, reject) => {
        const child = (0,external_node_child_process_.spawn)('git', ['-c', 'core.quotePath=false', ...args], {
            cwd: root,
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        const out = [];
        const err = [];
        child.stdout.on('data', (b) => out.push(b));
        child.stderr.on('data', (b) => err.push(b));
        child.on('error', (error) => reject(spawnError(error)));
        child.on('close', (code) => resolvePromise({
            code: code ?? 1,
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: Buffer.concat(err).toString('utf8'),
        }));
    });
}
function spawnError(error) {
    if (error.code === 'ENOENT') {
        return new errors/* EnvironmentError */.eG('git is not installed or not on PATH; install git to scan staged changes or history.');
    }
    return new errors/* EnvironmentError */.eG(`Cannot run git: ${error.message}`);
}
/** Fails with a ConfigurationError unless `root` is inside a git work tree. */
async function assertRepository(root) {
    await repositoryPrefix(root);
}
/**
 * Where `root` sits in its repository (`api/` for a subdirectory, empty at the top), with a
 * ConfigurationError when it is not inside one.
 */
async function repositoryPrefix(root) {
    const r = await runGit(root, ['rev-parse', '--show-prefix']);
    if (r.code !== 0) {
        throw new errors/* ConfigurationError */.j1(`"${root}" is not a git repository; scan it as a directory instead, or run inside a clone.`);
    }
    return r.stdout.trim();
}
/** Fails with a ConfigurationError naming the first revision git does not know. */
async function assertRevisions(root, revisions) {
    for (const rev of revisions) {
        if (rev.startsWith('-'))
            throw new errors/* ConfigurationError */.j1(`Revision "${rev}" must not start with "-".`);
        const ends = rev.includes('...') ? rev.split('...') : rev.split('..');
        for (const end of ends) {
            if (end === '')
                continue;
            const r = await runGit(root, ['rev-parse', '--verify', '--quiet', `${end}^{commit}`]);
            if (r.code !== 0) {
                throw new errors/* ConfigurationError */.j1(`Unknown git revision "${end}". Fetch it first (actions/checkout with fetch-depth: 0) or correct the range.`);
            }
        }
    }
}
/** Below this many commits a second git process costs more than it saves. */
const COMMITS_PER_STREAM = 256;
/** Each git process holds its own object caches: past this many, memory grows for little. */
const MAX_STREAMS = 8;
/** Bytes of git output queued, across all processes, before git is held back. */
const QUEUE_HIGH = 32 * 1024 * 1024;
/** Chunk order: a commit's place times this, plus the file's place in the commit. */
const FILES_PER_COMMIT = 1 << 20;
/** Added lines of the staged changes (`git diff --cached`), one chunk per file. */
async function* stagedChunks(root, stats, options = {}) {
    const prefix = await repositoryPrefix(root);
    const args = ['diff', '--cached', ...DIFF_FLAGS, '--', '.'];
    yield* patchChunks(root, [{ args }], stats, options, prefix);
}
/**
 * Added lines of each commit reachable from `include` and not from `exclude`, one chunk per
 * file per commit, in `git log` order (`order` says where each stands). Merge commits contribute
 * only what is new against every parent (`--cc`), since what they bring from a branch was
 * scanned in the branch's own commits. A long range is cut into runs of consecutive commits,
 * each patched by its own git process: producing patches is most of the work, and it spreads
 * over every core.
 */
async function* logChunks(root, range, stats, options = {}) {
    const prefix = await repositoryPrefix(root);
    const revs = range === 'all'
        ? ['--all']
        : [...range.include, ...(range.exclude.length > 0 ? ['--not', ...range.exclude] : [])];
    if (range !== 'all')
        await assertRevisions(root, [...range.include, ...range.exclude]);
    const listed = await runGit(root, ['rev-list', ...revs, '--']);
    if (listed.code !== 0)
        throw gitFailure('rev-list', listed.code, listed.stderr);
    const commits = listed.stdout.split('\n').filter(Boolean);
    if (commits.length === 0)
        return;
    const streams = Math.max(1, Math.min(options.streams ?? Math.min((0,external_node_os_.availableParallelism)(), MAX_STREAMS), Math.floor(commits.length / (options.commitsPerStream ?? COMMITS_PER_STREAM))));
    const place = new Map(commits.map((sha, i) => [sha, i]));
    // Limitation: deleted files are printed and parsed for nothing; `--diff-filter=d` would spare
    // that, but it also drops commits that only delete from the output, and from the count.
    const args = [
        'log',
        '--no-walk=unsorted',
        '--stdin',
        '-p',
        '--cc',
        ...DIFF_FLAGS,
        FORMAT,
        '--',
        '.',
    ];
    const runs = [];
    for (let k = 0; k < streams; k++) {
        const slice = commits.slice(Math.floor((k * commits.length) / streams), Math.floor(((k + 1) * commits.length) / streams));
        runs.push({ args, input: slice.join('\n') + '\n' });
    }
    yield* patchChunks(root, runs, stats, options, prefix, (sha) => place.get(sha) ?? 0);
}
const PLUS = 0x2b;
const MINUS = 0x2d;
const SPACE = 0x20;
const NEWLINE = 0x0a;
const AT = 0x40;
const RECORD = 0x1e;
const LOWER_D = 0x64;
const UPPER_B = 0x42;
const UPPER_G = 0x47;
// Limitation: one file's added lines in one commit are held in memory together; a commit that
// adds a file of hundreds of megabytes costs that much memory (directory scans read such files
// in parts).
/**
 * Parses a patch stream as bytes. Content lines (the bulk of it) are never decoded: removed
 * lines are skipped, added lines are copied into one reusable buffer, and a file's text is
 * decoded only where the line selection asks for them. Header lines are decoded one by one.
 */
class PatchParser {
    stats;
    selectLines;
    commitOrder;
    prefix;
    /** Added lines of the current file, joined by "\n". */
    bytes = Buffer.allocUnsafe(1 << 20);
    length = 0;
    numbers = new Int32Array(1 << 14);
    /** Where each added line starts in `bytes`. */
    starts = new Int32Array(1 << 14);
    count = 0;
    file;
    inHunk = false;
    commit;
    /** Where the current commit stands in git's order, and the current file in the commit. */
    commitPlace = 0;
    filePlace = -1;
    ready = [];
    constructor(stats, selectLines, commitOrder, 
    /** git names files from the top of the repository; only those below this are kept. */
    prefix) {
        this.stats = stats;
        this.selectLines = selectLines;
        this.commitOrder = commitOrder;
        this.prefix = prefix;
    }
    /** Parses the complete lines of `data` from `from`; returns where the unfinished line starts. */
    parse(data, from) {
        let pos = from;
        for (let nl = data.indexOf(NEWLINE, pos); nl >= 0; nl = data.indexOf(NEWLINE, pos)) {
            const file = this.file;
            const c = data[pos];
            if (this.inHunk && file && (c === PLUS || c === MINUS || c === SPACE)) {
                const cols = file.columns;
                if (cols === 1) {
                    if (c === PLUS)
                        this.add(data, pos + 1, nl, file.next++);
                    else if (c === SPACE)
                        file.next++;
                }
                else if (nl - pos >= cols) {
                    // A line removed against some parent is not in the new file; only lines new against
                    // every parent (`++`) are the merge's own.
                    let removed = false;
                    let context = false;
                    for (let k = pos; k < pos + cols; k++) {
                        if (data[k] === MINUS)
                            removed = true;
                        else if (data[k] === SPACE)
                            context = true;
                    }
                    if (!removed) {
                        if (!context)
                            this.add(data, pos + cols, nl, file.next);
                        file.next++;
                    }
                }
            }
            else if (c === AT) {
                if (file)
                    this.hunk(file, data, pos, nl);
            }
            else if (c === RECORD ||
                c === LOWER_D ||
                (!this.inHunk && (c === PLUS || c === UPPER_B || c === UPPER_G))) {
                // Only these header lines matter; `index`, `---`, mode lines are never decoded.
                this.header(data.toString('utf8', pos, nl));
            }
            pos = nl + 1;
        }
        return pos;
    }
    /** Parses the last line (no newline) and hands over the last file. */
    end(tail) {
        if (tail.length > 0)
            this.parse(Buffer.concat([tail, Buffer.from('\n')]), 0);
        this.flush();
    }
    add(data, start, end, lineNumber) {
        const need = this.length + (end - start) + 1;
        if (need > this.bytes.length) {
            const grown = Buffer.allocUnsafe(Math.max(need, this.bytes.length * 2));
            this.bytes.copy(grown, 0, 0, this.length);
            this.bytes = grown;
        }
        if (this.count > 0)
            this.bytes[this.length++] = NEWLINE;
        if (this.count === this.numbers.length) {
            this.numbers = grow(this.numbers);
            this.starts = grow(this.starts);
        }
        this.starts[this.count] = this.length;
        this.numbers[this.count++] = lineNumber;
        this.length += data.copy(this.bytes, this.length, start, end);
    }
    flush() {
        const f = this.file;
        const length = this.length;
        const count = this.count;
        this.file = undefined;
        this.inHunk = false;
        this.length = 0;
        this.count = 0;
        if (!f || f.deleted)
            return;
        // The pathspec leaves out most other files, but not every combined diff of a merge.
        if (this.prefix) {
            if (!f.path.startsWith(this.prefix))
                return;
            f.path = f.path.slice(this.prefix.length);
        }
        // A huge file grew the buffer: let it go after this file rather than hold it to the end.
        const bytes = this.bytes.subarray(0, length);
        if (this.bytes.length > 64 << 20)
            this.bytes = Buffer.allocUnsafe(1 << 20);
        if (f.binary) {
            this.stats.binary++;
            return;
        }
        if (count === 0)
            return;
        this.stats.files++;
        this.stats.bytes += length;
        const picked = this.selectLines?.(f.path, bytes);
        if (picked && picked.length === 0)
            return;
        if (!picked || picked.length >= count) {
            this.ready.push({
                path: f.path,
                text: bytes.toString('utf8'),
                lineNumbers: Array.from(this.numbers.subarray(0, count)),
                commit: this.commit,
                order: this.order(),
            });
            return;
        }
        // Only the picked lines, joined as if adjacent; their numbers keep them in place.
        const end = (k) => (k + 1 < count ? this.starts[k + 1] - 1 : length);
        let size = picked.length - 1;
        for (const k of picked)
            if (k < count)
                size += end(k) - this.starts[k];
        const text = Buffer.allocUnsafe(Math.max(0, size));
        const lineNumbers = [];
        let at = 0;
        for (const k of picked) {
            if (k >= count)
                break;
            if (lineNumbers.length > 0)
                text[at++] = NEWLINE;
            at += bytes.copy(text, at, this.starts[k], end(k));
            lineNumbers.push(this.numbers[k]);
        }
        this.ready.push({
            path: f.path,
            text: text.toString('utf8', 0, at),
            lineNumbers,
            commit: this.commit,
            order: this.order(),
        });
    }
    order() {
        return this.commitPlace * FILES_PER_COMMIT + Math.min(this.filePlace, FILES_PER_COMMIT - 1);
    }
    /**
     * `@@ -a,b +c,d @@` (or `@@@ -a -b +c @@@` for a merge): the new file's first line number and,
     * from the number of `@`, how many columns of markers prefix each line.
     */
    hunk(file, data, start, end) {
        this.inHunk = true;
        let i = start;
        while (i < end && data[i] === AT)
            i++;
        file.columns = Math.max(1, i - start - 1);
        while (i + 1 < end && !(data[i] === SPACE && data[i + 1] === PLUS))
            i++;
        let line = 0;
        let digits = 0;
        for (i += 2; i < end && data[i] >= 0x30 && data[i] <= 0x39; i++, digits++) {
            line = line * 10 + data[i] - 0x30;
        }
        file.next = digits > 0 ? line : 1;
    }
    header(line) {
        if (line.startsWith(SENTINEL)) {
            this.flush();
            const [, sha = '', author = '', email = '', date = '', message = ''] = line.split('\u001f');
            this.commit = { sha, author, email, date, message };
            this.commitPlace = this.commitOrder(sha);
            this.filePlace = -1;
            this.stats.commits++;
            return;
        }
        if (line.startsWith('diff --git ') ||
            line.startsWith('diff --cc ') ||
            line.startsWith('diff --combined ')) {
            this.flush();
            this.filePlace++;
            const combined = !line.startsWith('diff --git ');
            this.file = {
                path: combined ? unquote(line.slice(line.indexOf(' ', 5) + 1)) : pathFromDiffGit(line),
                next: 1,
                columns: combined ? 2 : 1,
                binary: false,
                deleted: false,
            };
            return;
        }
        const file = this.file;
        if (!file || this.inHunk)
            return;
        if (line.startsWith('+++ ')) {
            const target = line.slice(4);
            if (target === '/dev/null')
                file.deleted = true;
            else
                file.path = stripPrefix(unquote(target));
        }
        else if (line.startsWith('Binary files ') || line === 'GIT binary patch') {
            file.binary = true;
        }
        else if (line.startsWith('deleted file mode')) {
            file.deleted = true;
        }
    }
}
/** One git process whose patch output is queued as it comes and parsed on demand. */
class PatchStream {
    args;
    parser;
    queue = [];
    queued = 0;
    ended = false;
    /** The parts of an unfinished line, joined once its end arrives (one copy, not one per read). */
    pending = [];
    stderr = [];
    child;
    exited;
    failure;
    done = false;
    constructor(root, args, input, parser, high, wake, signal) {
        this.args = args;
        this.parser = parser;
        this.child = (0,external_node_child_process_.spawn)('git', ['-c', 'core.quotePath=false', ...args], {
            cwd: root,
            signal,
            stdio: ['pipe', 'pipe', 'pipe'],
            // Fully buffered output: git would flush each commit to a pipe, and every small write
            // costs a wake-up and a read here.
            env: { ...process.env, GIT_FLUSH: '0' },
        });
        const child = this.child;
        // A failed git fails the source at once: the other processes are stopped rather than
        // read to their end first.
        this.exited = new Promise((res) => child.on('close', (code) => {
            const exit = code ?? 1;
            this.failure ??= this.failureOf(exit);
            if (this.failure)
                wake();
            res(exit);
        }));
        child.on('error', (error) => {
            this.failure = spawnError(error);
            wake();
        });
        // git exits early on a failure and closes its end: its exit code says why, not this.
        child.stdin.on('error', () => undefined);
        child.stdin.end(input ?? '');
        child.stderr.on('data', (b) => {
            if (this.stderr.length < 64)
                this.stderr.push(b);
        });
        // Read eagerly into a bounded queue: git goes on producing patches while a batch is
        // scanned, instead of blocking on a full pipe; above `high` bytes it is held back.
        child.stdout.on('data', (b) => {
            this.queue.push(b);
            this.queued += b.length;
            if (this.queued > high)
                child.stdout.pause();
            wake();
        });
        const end = () => {
            this.ended = true;
            wake();
        };
        child.stdout.on('end', end);
        child.stdout.on('error', end);
    }
    /** Whether `advance` has anything to do now. */
    get ready() {
        return !this.done && (this.queue.length > 0 || this.ended);
    }
    /** Parses what is queued, or the last line once git is done; files go to `parser.ready`. */
    advance() {
        if (this.queue.length === 0) {
            if (!this.ended)
                return;
            this.parser.end(Buffer.concat(this.pending));
            this.done = true;
            return;
        }
        const batch = this.queue.splice(0);
        this.queued = 0;
        if (this.child.stdout.isPaused())
            this.child.stdout.resume();
        for (const part of batch) {
            let from = 0;
            if (this.pending.length > 0) {
                const nl = part.indexOf(NEWLINE);
                if (nl < 0) {
                    this.pending.push(part);
                    continue;
                }
                // Only the line that spans reads is copied together.
                this.parser.parse(Buffer.concat([...this.pending, part.subarray(0, nl + 1)]), 0);
                this.pending = [];
                from = nl + 1;
            }
            const rest = this.parser.parse(part, from);
            if (rest < part.length)
                this.pending.push(part.subarray(rest));
        }
    }
    kill() {
        if (this.child.exitCode === null)
            this.child.kill();
    }
    /** Throws what git's exit code and first error line say, once it has exited. */
    async check() {
        await this.exited;
        if (this.failure)
            throw this.failure;
    }
    failureOf(code) {
        if (code === 0)
            return undefined;
        const message = Buffer.concat(this.stderr).toString('utf8');
        if (/does not have any commits/i.test(message))
            return undefined;
        return gitFailure(this.args[0] ?? 'git', code, message);
    }
}
/**
 * Runs one git process per entry of `runs` and parses their patches incrementally as they
 * come, never holding a whole output. Chunks are handed over as each file completes, so their
 * order across processes varies; `order` (from `commitOrder`) restores git's own.
 */
async function* patchChunks(root, runs, stats, options, prefix, commitOrder = () => 0) {
    let waiting;
    const wake = () => {
        const resolveWait = waiting;
        waiting = undefined;
        resolveWait?.();
    };
    const streams = runs.map((run) => new PatchStream(root, run.args, run.input, new PatchParser(stats, options.selectLines, commitOrder, prefix), QUEUE_HIGH / runs.length, wake, options.signal));
    try {
        while (streams.some((s) => !s.done)) {
            // A process that failed, even one whose output was all read, ends the source now.
            const failed = streams.find((s) => s.failure);
            if (failed)
                throw failed.failure;
            const live = streams.filter((s) => s.ready);
            // Nothing queued anywhere: wait for the next read. Reads arrive between ticks only, so
            // none slips in between this test and the wait.
            if (live.length === 0)
                await new Promise((resolveWait) => (waiting = resolveWait));
            for (const stream of live) {
                stream.advance();
                // Hand over what is complete; the consumer's pace holds git back through the pipe.
                while (stream.parser.ready.length > 0)
                    yield stream.parser.ready.shift();
            }
        }
    }
    finally {
        for (const stream of streams)
            stream.kill();
    }
    for (const stream of streams)
        await stream.check();
}
/** The error for a git command that exited with `code`, from the first line it printed. */
function gitFailure(command, code, stderr) {
    const message = stderr.trim().split('\n')[0] ?? '';
    if (/unknown revision|bad revision|ambiguous argument|bad object/i.test(message)) {
        return new errors/* ConfigurationError */.j1(`git could not resolve the range: ${message}`);
    }
    if (/unable to read [0-9a-f]{7,}|missing (blob|tree|commit)/i.test(message)) {
        return new errors/* EnvironmentError */.eG(`git cannot read every object of the repository (${message.replace(/^fatal: /, '')}): the clone is incomplete or damaged; git fsck lists what is missing.`);
    }
    return new errors/* EnvironmentError */.eG(`git ${command} failed (exit ${code}): ${message}`);
}
function grow(array) {
    const grown = new Int32Array(array.length * 2);
    grown.set(array);
    return grown;
}
/** The new path of `diff --git a/x b/y` when there is no `+++` line (mode-only, empty files). */
function pathFromDiffGit(line) {
    const rest = line.slice('diff --git '.length);
    if (rest.startsWith('"')) {
        const parts = rest.match(/"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
        return stripPrefix(unquote(parts[1] ?? parts[0] ?? ''));
    }
    const half = rest.indexOf(' b/');
    return half >= 0 ? rest.slice(half + 3) : rest;
}
function stripPrefix(path) {
    return path.startsWith('b/') || path.startsWith('a/') ? path.slice(2) : path;
}
/** Undoes git's C-style quoting of unusual paths. */
function unquote(path) {
    const p = path.replace(/\t.*$/, '');
    if (!p.startsWith('"') || !p.endsWith('"'))
        return p;
    const bytes = [];
    const body = p.slice(1, -1);
    const simple = {
        n: 10,
        t: 9,
        r: 13,
        '"': 34,
        '\\': 92,
        a: 7,
        b: 8,
        f: 12,
        v: 11,
    };
    for (let i = 0; i < body.length; i++) {
        const c = body[i];
        if (c !== '\\') {
            bytes.push(...Buffer.from(c, 'utf8'));
            continue;
        }
        const n = body[i + 1] ?? '';
        if (/[0-7]/.test(n)) {
            bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
            i += 3;
        }
        else {
            bytes.push(simple[n] ?? n.charCodeAt(0));
            i++;
        }
    }
    return Buffer.from(bytes).toString('utf8');
}

;// CONCATENATED MODULE: ../../actions/secrets-scan/src/run.ts















/** The tool name in SARIF and reports. */
const TOOL_NAME = 'devsecops-secrets';
/** The engine's version, reported in SARIF. */
const TOOL_VERSION = '0.1.0';
/** Added lines of a commit's file above this many bytes are scanned only near keywords. */
const SPARSE_FROM = 1 << 20;
/** The baseline read when neither an input nor the policy names one. */
const DEFAULT_BASELINE = '.secrets-baseline.json';
/** Loads the policy, the rules (built-in or gitleaks) and builds the detector. */
async function prepare(inputs) {
    const doc = await (0,src_policy/* loadPolicy */.tb)(inputs.configPath, inputs.cwd);
    const policy = (0,src_policy/* parsePolicySection */.fX)(doc, 'secrets', SecretsPolicySchema);
    const gitleaksPath = inputs.gitleaksConfigPath ??
        policy['gitleaks-config'] ??
        ((0,external_node_fs_.existsSync)((0,external_node_path_.resolve)(inputs.cwd, '.gitleaks.toml')) ? '.gitleaks.toml' : undefined);
    let ruleSet;
    let ruleSource;
    if (gitleaksPath) {
        let extendsBuiltin = false;
        ruleSet = await loadGitleaksConfig(gitleaksPath, inputs.cwd, () => {
            extendsBuiltin = true;
            return loadBuiltinRules(inputs.rulesPath);
        });
        const shown = (0,external_node_path_.relative)(inputs.cwd, (0,external_node_path_.resolve)(inputs.cwd, gitleaksPath));
        // As in gitleaks, a config without [extend] useDefault replaces the default rules; that
        // is easy to miss when migrating, so the first note says it.
        ruleSource = extendsBuiltin
            ? `gitleaks config ${shown} with the built-in rules`
            : `gitleaks config ${shown} only; the built-in rules do not run because it does not set [extend] useDefault = true`;
    }
    else {
        const builtin = loadBuiltinRules(inputs.rulesPath);
        ruleSet = { rules: builtin.rules, allowlists: builtin.allowlists, files: [] };
        ruleSource = 'built-in rules';
    }
    const disabled = new Set(policy['disabled-rules'] ?? []);
    const rules = ruleSet.rules.filter((r) => !disabled.has(r.id));
    const allowRegexes = (policy['allow-regexes'] ?? []).map((source, i) => {
        try {
            return compileRe2(source);
        }
        catch (error) {
            if (error instanceof PatternSyntaxError) {
                throw new errors/* ConfigurationError */.j1(`secrets.allow-regexes[${i}] is not a valid RE2 regular expression (${error.message.split('\n')[0]}).`);
            }
            throw error;
        }
    });
    const detector = createDetector(rules, {
        allowlists: ruleSet.allowlists,
        stopwords: policy.stopwords,
        allowRegexes,
    });
    const globs = policy['ignore-paths'] ?? [];
    const exclude = globs.length > 0 ? picomatch_default()(globs, { dot: true }) : undefined;
    const policyFile = doc.files[0]
        ? run_toPosix((0,external_node_path_.relative)(inputs.cwd, doc.files[0]))
        : (inputs.configPath ?? src_policy/* DEFAULT_POLICY_PATH */.lo);
    return { policy, policyFile, detector, ruleSet: { ...ruleSet, rules }, ruleSource, exclude };
}
function comparePlaces(a, b) {
    return a[0] - b[0] || a[1] - b[1];
}
/**
 * Starts a git target's source before the rules are compiled, so that git is producing
 * patches meanwhile; the detector's line selection applies from the moment it exists. Other
 * targets wait for the policy (it filters what a directory walk reads). `signal` stops git.
 */
function startGitSource(inputs, detector, signal) {
    const { target } = inputs;
    if (target.kind !== 'staged' && target.kind !== 'range' && target.kind !== 'history') {
        return undefined;
    }
    const gitStats = { commits: 0, files: 0, bytes: 0, binary: 0 };
    // A file's added lines with no keyword are never decoded. Below 1 MiB a file with one is
    // scanned whole: picking its lines costs one more keyword pass than it saves. Above, only the
    // lines near keywords are decoded, which keeps a huge generated file from being copied again.
    const options = {
        signal,
        selectLines: (path, bytes) => {
            const d = detector.current;
            if (!d)
                return undefined;
            if (bytes.length > SPARSE_FROM)
                return d.selectLines(path, bytes);
            return d.mayMatch(path, bytes) ? undefined : [];
        },
    };
    const root = (0,external_node_path_.resolve)(inputs.cwd, target.root);
    const iterable = target.kind === 'staged'
        ? stagedChunks(root, gitStats, options)
        : logChunks(root, target.kind === 'history' ? 'all' : { include: target.include, exclude: target.exclude }, gitStats, options);
    const iterator = iterable[Symbol.asyncIterator]();
    // Runs the source up to its first chunk now; what it throws surfaces when it is iterated.
    const first = iterator.next();
    first.catch(() => undefined);
    let taken = false;
    const chunks = {
        [Symbol.asyncIterator]: () => ({
            next: () => {
                if (taken)
                    return iterator.next();
                taken = true;
                return first;
            },
            return: (value) => iterator.return(value),
        }),
    };
    return { chunks, gitStats, dirStats: emptyDirStats(), first };
}
function emptyDirStats() {
    return { files: 0, bytes: 0, binary: 0, large: 0, ignored: 0 };
}
/** The source of any target, opened once the rules are ready. */
function openSource(inputs, prep, prefix) {
    const { target } = inputs;
    if (target.kind !== 'dir' && target.kind !== 'stdin') {
        return startGitSource(inputs, { current: prep.detector }, new AbortController().signal);
    }
    const dirStats = emptyDirStats();
    const gitStats = { commits: 0, files: 0, bytes: 0, binary: 0 };
    if (target.kind === 'stdin') {
        const chunks = (async function* () {
            dirStats.files = 1;
            dirStats.bytes = Buffer.byteLength(target.text);
            yield { path: target.name, text: target.text };
        })();
        return { chunks, dirStats, gitStats };
    }
    const source = {
        dirStats,
        gitStats,
        chunks: directoryChunks((0,external_node_path_.resolve)(inputs.cwd, target.root), dirStats, {
            noGitignore: target.noGitignore,
            exclude: prep.exclude ? (p) => prep.exclude(prefix ? `${prefix}/${p}` : p) : undefined,
            onTotal: (n) => {
                source.total = n;
            },
        }),
    };
    return source;
}
/**
 * Runs the target's source through the detector; deduplicates the same secret at one place.
 * Matches come out in the source's order, whatever order its chunks arrived in.
 */
async function scanTarget(inputs, prep, started, onMatch) {
    const { target } = inputs;
    const notes = [];
    const byPlace = new Map();
    // Paths are reported relative to cwd even when the scanned directory (or the part of a
    // repository whose commits are read) is below it.
    const prefix = target.kind === 'stdin' ? '' : run_toPosix((0,external_node_path_.relative)(inputs.cwd, (0,external_node_path_.resolve)(inputs.cwd, target.root)));
    const source = started ?? openSource(inputs, prep, prefix);
    const { chunks, dirStats, gitStats } = source;
    let done = 0;
    let sequence = 0;
    for await (const chunk of chunks) {
        const order = chunk.order ?? sequence++;
        const path = prefix && prefix !== '.' && !prefix.startsWith('..') ? `${prefix}/${chunk.path}` : chunk.path;
        if (target.kind !== 'dir' && prep.exclude?.(path))
            continue;
        const scanned = path === chunk.path ? chunk : { ...chunk, path };
        let index = 0;
        for (const m of prep.detector.scan(scanned)) {
            onMatch?.(m);
            // Where the match stands in the source's order: its chunk's place, then its own in it.
            const at = [order, index++];
            const key = `${m.ruleId}\0${m.path}\0${m.line}\0${m.column}\0${m.secret}`;
            const prior = byPlace.get(key);
            if (!prior) {
                byPlace.set(key, { match: m, first: at, at });
                continue;
            }
            if (comparePlaces(at, prior.first) < 0)
                prior.first = at;
            // The same secret at the same place in several commits: keep the oldest, which added it
            // (of commits made at the same instant, the one git lists first).
            const a = m.commit ? Date.parse(m.commit.date) : NaN;
            const b = prior.match.commit ? Date.parse(prior.match.commit.date) : NaN;
            if (a < b || (a === b && comparePlaces(at, prior.at) < 0)) {
                prior.match = m;
                prior.at = at;
            }
        }
        if (inputs.onProgress) {
            // Git sources count commits as they parse them, including those with nothing to scan.
            if (chunk.commit) {
                if (gitStats.commits !== done)
                    inputs.onProgress((done = gitStats.commits));
            }
            else {
                inputs.onProgress(++done, source.total);
            }
        }
    }
    const gitMode = target.kind === 'staged' || target.kind === 'range' || target.kind === 'history';
    const stats = gitMode
        ? {
            files: gitStats.files,
            bytes: gitStats.bytes,
            commits: gitStats.commits,
            binary: gitStats.binary,
        }
        : {
            files: dirStats.files,
            bytes: dirStats.bytes,
            binary: dirStats.binary,
            large: dirStats.large,
            ignored: dirStats.ignored,
        };
    if (stats['binary'])
        notes.push(`Skipped ${(0,format/* plural */.LS)(stats['binary'], 'binary file')}.`);
    if (stats['large'])
        notes.push(`Scanned ${(0,format/* plural */.LS)(stats['large'], 'large file')} in parts.`);
    if (stats['ignored'])
        notes.push(`Left out ${(0,format/* plural */.LS)(stats['ignored'], 'path')} matching secrets.ignore-paths.`);
    const unreadable = dirStats.unreadable ?? [];
    if (unreadable.length > 0) {
        stats['unreadable'] = unreadable.length;
        const shown = unreadable.slice(0, 5).join(', ');
        notes.push(`Could not read ${(0,format/* plural */.LS)(unreadable.length, 'path')} (${shown}${unreadable.length > 5 ? ', …' : ''}): they were not scanned. Check their permissions.`);
    }
    const longLines = prep.detector.stats.longLines;
    if (longLines > 0) {
        notes.push(`Scanned ${(0,format/* plural */.LS)(longLines, 'very long line')} (minified code) only around rule keywords.`);
    }
    stats['longLines'] = longLines;
    const placed = [...byPlace.values()].sort((x, y) => comparePlaces(x.first, y.first));
    return { matches: placed.map((p) => p.match), stats, notes };
}
/**
 * Runs the secrets stage: scans the target, drops allowed and baselined secrets, and returns
 * redacted findings with notes and stats (files, bytes, commits, ms).
 */
async function runSecretsScan(inputs, logger) {
    const started = performance.now();
    const detector = {};
    const abort = new AbortController();
    const source = startGitSource(inputs, detector, abort.signal);
    let prep;
    let baseline;
    let ignoreEntries;
    try {
        prep = await prepare(inputs);
        baseline = await loadBaseline(inputs, prep.policy);
        ignoreEntries = await readGitleaksIgnore((0,external_node_path_.resolve)(inputs.cwd, '.gitleaksignore'));
    }
    catch (error) {
        // A configuration mistake is reported as such, not as whatever git says once stopped.
        abort.abort();
        await source?.first.catch(() => undefined);
        throw error;
    }
    detector.current = prep.detector;
    const ruleIds = new Set(prep.ruleSet.rules.map((r) => r.id));
    for (const e of prep.policy.exceptions ?? []) {
        if (e.rule && !ruleIds.has(e.rule)) {
            logger.warning(`An exception in ${prep.policyFile} names rule "${e.rule}", which is not among the rules in force: it covers nothing. Check the rule id.`);
        }
    }
    const threshold = inputs.failOn ?? prep.policy['fail-on'] ?? 'low';
    logger.debug(`secrets: ${prep.ruleSet.rules.length} rules from ${prep.ruleSource}`);
    if (prep.ruleSource.includes('built-in rules do not run')) {
        logger.warning(`Scanning with the ${prep.ruleSource}.`);
    }
    // Fingerprints stretch each distinct secret once (see secret-digest.ts), in the background
    // while the scan goes on: a run with many findings of few secrets costs a few digests.
    const digester = createSecretDigester();
    const outcome = await scanTarget(inputs, prep, source, (m) => {
        if (!baseline?.has(m.ruleId, m.secret))
            digester.add(m.ruleId, m.secret);
    });
    let baselined = 0;
    let ignored = 0;
    const reported = [];
    for (const m of outcome.matches) {
        if (baseline?.has(m.ruleId, m.secret)) {
            baselined++;
            continue;
        }
        if (isIgnored(ignoreEntries, {
            path: m.path,
            ruleId: m.ruleId,
            line: m.line,
            commit: m.commit?.sha,
        })) {
            ignored++;
            continue;
        }
        reported.push(m);
    }
    const waitStarted = performance.now();
    const digests = await digester.settle();
    logger.debug(`secrets: ${(0,format/* plural */.LS)(digests.derived, 'secret')} digested for fingerprints; waited ${(0,format/* formatDuration */.a3)(performance.now() - waitStarted)} after the scan`);
    const excepted = applyExceptions(reported.map((m) => toFinding(m, digests.get(m.ruleId, m.secret))), prep.policy.exceptions ?? [], exceptionContext(inputs, prep));
    const findings = [...excepted.findings, ...excepted.expiredFindings];
    const ms = Math.round(performance.now() - started);
    const notes = [
        `${(0,format/* plural */.LS)(prep.ruleSet.rules.length, 'rule')} (${prep.ruleSource}).`,
        ...outcome.notes,
    ];
    if (baseline)
        notes.push(`Baseline ${(0,external_node_path_.relative)(inputs.cwd, baseline.path)}: ${(0,format/* plural */.LS)(baselined, 'known secret')} not reported.`);
    if (ignored > 0)
        notes.push(`.gitleaksignore: ${(0,format/* plural */.LS)(ignored, 'finding')} not reported.`);
    if (excepted.waived > 0) {
        notes.push(`Exceptions in ${prep.policyFile}: ${(0,format/* plural */.LS)(excepted.waived, 'finding')} accepted until their expiry dates.`);
    }
    for (const e of excepted.expired) {
        const line = `Exception for ${describeException(e)} (owner ${e.owner}) expired on ${e.expires}: the run fails until it is renewed or removed.`;
        notes.push(line);
        logger.warning(line);
    }
    logger.info(summaryLine(inputs.target, outcome.stats, ms, findings.length));
    if (outcome.stats['unreadable']) {
        logger.warning(outcome.notes.find((n) => n.startsWith('Could not read')) ?? '');
    }
    return {
        stage: 'secrets',
        tool: TOOL_NAME,
        toolVersion: TOOL_VERSION,
        findings,
        threshold,
        passed: excepted.expired.length === 0 && !findings.some((f) => (0,finding/* meetsThreshold */.M0)(f.severity, threshold)),
        notes,
        stats: {
            ...outcome.stats,
            ms,
            baselined,
            gitleaksIgnored: ignored,
            waived: excepted.waived,
            expiredExceptions: excepted.expired.length,
        },
    };
}
/**
 * Scans the target and writes a baseline of every secret found (before any baseline), so that
 * they stop failing the build while new ones still do. Returns how many secrets it holds.
 */
async function writeBaseline(inputs, logger) {
    const prep = await prepare(inputs);
    const outcome = await scanTarget(inputs, prep);
    // What an exception covers stays out: a baseline would accept it past the exception's date.
    let matches = outcome.matches;
    const exceptions = prep.policy.exceptions ?? [];
    if (exceptions.length > 0) {
        const digests = await digestSecrets(matches);
        const findings = matches.map((m) => toFinding(m, digests.get(m.ruleId, m.secret)));
        const applied = applyExceptions(findings, exceptions, exceptionContext(inputs, prep));
        for (const e of applied.expired) {
            logger.warning(`Exception for ${describeException(e)} (owner ${e.owner}) expired on ${e.expires}: what it covered goes into the baseline, accepted for good.`);
        }
        const kept = new Set(applied.findings);
        matches = matches.filter((_, i) => kept.has(findings[i]));
        const left = outcome.matches.length - matches.length;
        if (left > 0) {
            logger.info(`Left ${(0,format/* plural */.LS)(left, 'finding')} under exceptions in ${prep.policyFile} out of the baseline: they fail again once the exceptions expire.`);
        }
    }
    const baseline = createBaseline(matches);
    const path = (0,external_node_path_.resolve)(inputs.cwd, inputs.outputPath);
    await writeBaselineFile(path, baseline);
    logger.info(`Wrote ${(0,external_node_path_.relative)(inputs.cwd, path) || path}: ${(0,format/* plural */.LS)(baseline.entries.length, 'secret')} accepted.`);
    return { path, count: baseline.entries.length };
}
/** What exceptions are judged against: today, and where expired ones are reported. */
function exceptionContext(inputs, prep) {
    return { date: inputs.date ?? (0,src_exceptions/* today */.Ec)(), policyFile: prep.policyFile, tool: TOOL_NAME };
}
async function loadBaseline(inputs, policy) {
    const given = inputs.baselinePath ?? policy.baseline;
    const path = (0,external_node_path_.resolve)(inputs.cwd, given ?? DEFAULT_BASELINE);
    if (given === undefined && !(0,external_node_fs_.existsSync)(path))
        return undefined;
    return readBaseline(path, given ?? DEFAULT_BASELINE);
}
/**
 * A finding that carries no secret: redacted message and snippet, and a fingerprint of rule,
 * path and the secret's stretched digest (`digestSecret`, derived here unless given).
 */
function toFinding(m, secretDigest) {
    const digest = secretDigest ?? digestSecret(m.ruleId, m.secret);
    const encoded = m.encoding ? ` (${m.encoding}-encoded)` : '';
    const where = m.commit ? ` in ${m.path} (commit ${m.commit.sha.slice(0, 12)})` : ` in ${m.path}`;
    const properties = {};
    if (m.commit) {
        properties['commit'] = m.commit.sha;
        properties['author'] = m.commit.author;
        properties['email'] = m.commit.email;
        properties['date'] = m.commit.date;
    }
    if (m.encoding)
        properties['encoding'] = m.encoding;
    if (m.entropy !== undefined)
        properties['entropy'] = m.entropy;
    return {
        stage: 'secrets',
        tool: TOOL_NAME,
        ruleId: m.ruleId,
        severity: m.severity,
        title: m.title,
        message: `${m.title} "${redactSecret(m.secret)}"${encoded}${where}`,
        location: {
            path: m.path,
            startLine: m.line,
            endLine: m.endLine,
            startColumn: m.column,
            endColumn: m.endColumn,
            snippet: m.redactedLine,
        },
        fingerprint: (0,fingerprint/* fingerprintOf */.a)(m.ruleId, m.path, digest),
        properties,
    };
}
function summaryLine(target, stats, ms, findings) {
    const files = stats['files'] ?? 0;
    const bytes = (0,format/* formatBytes */.z3)(stats['bytes'] ?? 0);
    const what = target.kind === 'range' || target.kind === 'history'
        ? `${(0,format/* plural */.LS)(stats['commits'] ?? 0, 'commit')} (${(0,format/* plural */.LS)(files, 'file change')}, ${bytes})`
        : target.kind === 'staged'
            ? `staged changes in ${(0,format/* plural */.LS)(files, 'file')} (${bytes})`
            : `${(0,format/* plural */.LS)(files, 'file')} (${bytes})`;
    return `Scanned ${what} in ${(0,format/* formatDuration */.a3)(ms)}: ${(0,format/* plural */.LS)(findings, 'finding')}`;
}
function run_toPosix(p) {
    return p.split('\\').join('/');
}

;// CONCATENATED MODULE: ../../actions/secrets-scan/src/lib.ts














/** Scans one text as the file `path` (tests and tooling). */
function scanText(text, path, detector) {
    const chunk = { path, text };
    return detector.scan(chunk);
}


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
