/**
 * Python for the isolation probes: connects to each `host:port` of `targets` (a Python
 * expression for a list of strings) from where it runs, 5 s each, and prints one JSON
 * object: target → `open`, `timeout` or the errno name. `out` is the object's start (a
 * Python dict literal), for what else a probe reports (e.g. `{'uid': os.getuid()}`).
 */
export function connectProbe(targets: string, out = '{}'): string {
  return `
import errno, json, os, socket, sys
out = ${out}
for target in ${targets}:
    host, p = target.rsplit(':', 1)
    s = socket.socket()
    s.settimeout(5)
    try:
        s.connect((host, int(p)))
        out[target] = 'open'
    except socket.timeout:
        out[target] = 'timeout'
    except OSError as e:
        out[target] = errno.errorcode.get(e.errno, str(e.errno))
    finally:
        s.close()
print(json.dumps(out))
`;
}
