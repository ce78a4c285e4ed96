/**
 * Finds the 1-based line of every package entry in a lockfile's text in one pass, keyed by
 * the location Arborist uses (`node_modules/a/node_modules/b`). Reads the `packages` map of
 * v2/v3 lockfiles and the nested `dependencies` of v1 ones; whichever formatting npm used.
 */
export function findEntryLines(text: string): Map<string, number> {
  const fromPackages = new Map<string, number>();
  const fromDependencies = new Map<string, number>();
  // One frame per open object or array: the key it sits under, and whether a key comes next.
  const keys: (string | undefined)[] = [];
  const isObject: boolean[] = [];
  let expectKey = false;
  let pendingKey: string | undefined;
  let line = 1;
  const n = text.length;

  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */) {
      line++;
    } else if (c === 34 /* " */) {
      const start = i + 1;
      let escaped = false;
      i++;
      for (; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) {
          escaped = true;
          i++;
        } else if (d === 34) break;
      }
      if (expectKey && isObject[isObject.length - 1]) {
        const raw = text.slice(start, i);
        pendingKey = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
        expectKey = false;
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      const key = isObject[isObject.length - 1] ? pendingKey : undefined;
      keys.push(key);
      isObject.push(c === 123);
      pendingKey = undefined;
      expectKey = c === 123;
      if (c === 123 && key !== undefined) recordEntry(keys, line, fromPackages, fromDependencies);
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      keys.pop();
      isObject.pop();
      expectKey = false;
    } else if (c === 44 /* , */) {
      expectKey = isObject[isObject.length - 1] === true;
      pendingKey = undefined;
    }
  }
  for (const [location, at] of fromDependencies) {
    if (!fromPackages.has(location)) fromPackages.set(location, at);
  }
  return fromPackages;
}

function recordEntry(
  keys: readonly (string | undefined)[],
  line: number,
  fromPackages: Map<string, number>,
  fromDependencies: Map<string, number>,
): void {
  // keys[0] is the document itself (undefined); the path inside it starts at keys[1].
  const depth = keys.length - 1;
  if (depth === 2 && keys[1] === 'packages') {
    fromPackages.set(keys[2]!, line);
    return;
  }
  if (depth < 2 || depth % 2 !== 0) return;
  const names: string[] = [];
  for (let k = 1; k < keys.length; k += 2) {
    if (keys[k] !== 'dependencies') return;
    names.push(keys[k + 1]!);
  }
  fromDependencies.set(names.map((name) => `node_modules/${name}`).join('/'), line);
}
