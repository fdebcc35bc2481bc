// SQLMesh's `ignore_patterns` (config.yaml): globs of project files the loader skips.

/** Whether a project-relative path (or a folder above it) matches one of SQLMesh's ignore_patterns. */
export function ignoreMatcher(patterns: string[]): (relativePath: string) => boolean {
  if (patterns.length === 0) return () => false;
  const res = patterns.map(globToRegExp);
  return (path) => {
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (res.some((re) => re.test(prefix))) return true;
    }
    return false;
  };
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  const g = glob.replace(/^\.\//, '');
  for (let i = 0; i < g.length; i++) {
    const c = g[i]!;
    if (c === '*' && g[i + 1] === '*') {
      re += '.*';
      i++;
      if (g[i + 1] === '/') i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
