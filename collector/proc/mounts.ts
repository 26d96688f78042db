/** One line of /proc/mounts that is a real filesystem worth reporting. */
export interface MountEntry {
  device: string;
  mount: string;
  type: string;
}

/** Kernel, memory-backed and image filesystems: not disks anyone fills up. */
const PSEUDO = new Set([
  'proc', 'sysfs', 'devtmpfs', 'devpts', 'tmpfs', 'ramfs', 'securityfs', 'cgroup', 'cgroup2', 'pstore', 'bpf',
  'debugfs', 'tracefs', 'configfs', 'fusectl', 'mqueue', 'hugetlbfs', 'autofs', 'binfmt_misc', 'overlay',
  'aufs', 'squashfs', 'nsfs', 'rpc_pipefs', 'efivarfs', 'selinuxfs', 'nfsd', 'devfs', 'sockfs', 'pipefs',
  'fuse.lxcfs', 'fuse.gvfsd-fuse', 'fuse.portal', 'fuse.snapfuse', 'iso9660', 'udf', 'zram',
]);

const NETWORK = new Set(['nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', 'ceph', 'glusterfs', 'fuse.sshfs', '9p', 'afs']);

/** /proc/mounts escapes space, tab, newline and backslash as octal. */
function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
}

export function parseMounts(text: string, opts: { includeNetwork?: boolean } = {}): MountEntry[] {
  const out: MountEntry[] = [];
  const seenDevices = new Set<string>();
  const seenMounts = new Set<string>();
  for (const line of text.split('\n')) {
    const [dev, mnt, type] = line.split(' ');
    if (!dev || !mnt || !type) continue;
    if (PSEUDO.has(type)) continue;
    if (NETWORK.has(type) && opts.includeNetwork === false) continue;
    const device = unescapeOctal(dev);
    const mount = unescapeOctal(mnt);
    // A bind mount or a second mount of the same device would count its space twice; df shows it once.
    if (seenDevices.has(device) || seenMounts.has(mount)) continue;
    seenDevices.add(device);
    seenMounts.add(mount);
    out.push({ device, mount, type });
  }
  return out;
}
