/**
 * The pod's resolver: Kubernetes writes `search <ns>.svc.<domain> svc.<domain> <domain>` and
 * `options ndots:5` into every pod's /etc/resolv.conf (ClusterFirst DNS policy), and the C library
 * turns one name into the list of queries it sends, in order.
 */
export interface ResolvConf {
  readonly search: readonly string[];
  readonly ndots: number;
}

/** The resolv.conf of a pod in `namespace` (kubelet's ClusterFirst defaults). */
export function podResolvConf(namespace: string, domain = "cluster.local"): ResolvConf {
  return { search: [`${namespace}.svc.${domain}`, `svc.${domain}`, domain], ndots: 5 };
}

/**
 * The names the resolver queries, in order (glibc `res_nsearch`): a name ending in `.` is absolute
 * and queried alone; a name with at least `ndots` dots is tried as-is first, then with each search
 * domain; otherwise the search domains come first and the bare name last. So `helloworld.sample`
 * (1 dot < 5) is first tried as `helloworld.sample.<ns>.svc.cluster.local`, then
 * `helloworld.sample.svc.cluster.local` — which is the Service.
 */
export function queryNames(name: string, conf: ResolvConf): string[] {
  const lower = name.toLowerCase();
  if (lower.endsWith(".")) return [lower.slice(0, -1)];
  const expanded = conf.search.map((domain) => `${lower}.${domain}`);
  const dots = lower.split(".").length - 1;
  return dots >= conf.ndots ? [lower, ...expanded] : [...expanded, lower];
}

const LABEL = /^[a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9_])?$/;

/** Whether `name` is a syntactically valid DNS name (labels of 1–63 characters, at most 253 in all). */
export function isValidDnsName(name: string): boolean {
  const body = name.endsWith(".") ? name.slice(0, -1) : name;
  if (body.length === 0 || body.length > 253) return false;
  return body
    .toLowerCase()
    .split(".")
    .every((label) => LABEL.test(label));
}
