using System.Globalization;
using System.Text;
using Crashdesk.Analysis.Extractors.Dmesg;
using Crashdesk.Analysis.Extractors.Sys;
using Crashdesk.Analysis.Extractors.Tasks;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// crash's <c>files</c> (filesys.c <c>cmd_files</c> / <c>open_files_dump</c>) for a PID or task
/// address (the panic task without one): crash's task header, ROOT and CWD, then one line per open
/// descriptor — fd, <c>struct file</c>, its dentry and inode, the inode's type (from i_mode's
/// S_IFMT bits) and the path, built as the kernel's d_path does (fs/d_path.c <c>prepend_path</c>):
/// dentry names up to the mount's root, then across to the mount point through
/// <c>struct mount</c>'s mnt_parent, until the root mount.
/// </summary>
internal sealed class FilesShellCommand : IShellCommand
{
    /// <summary>Path components followed at most (a corrupt d_parent chain would never reach the root).</summary>
    private const int MaxDepth = 256;

    public string Name => "files";

    public string Summary => "open files of a task: fd, file, dentry, inode, type and path";

    public string Usage => "files [pid | task]";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        var task = FindTask(shell, invocation.Arguments.Count > 0 ? invocation.Arguments[0] : null, cancellationToken);
        var types = shell.Context.Types;
        var memory = shell.Target.KernelMemory;
        var paths = new PathReader(shell);
        output.WriteLink($"PID: {task.Pid,-7}", "bt " + task.Pid.ToString(CultureInfo.InvariantCulture));
        output.Write("  TASK: ");
        string taskHex = task.Address.ToString("x", CultureInfo.InvariantCulture);
        output.WriteLink(taskHex, "struct task_struct " + taskHex);
        output.WriteLine($"  CPU: {task.Cpu.ToString(CultureInfo.InvariantCulture),-3}  COMMAND: \"{task.Comm}\"");
        ulong fs = Pointer(shell, task.Address + (ulong)types.RequireOffset("task_struct", "fs"), "fs_struct");
        if (fs != 0)
        {
            string root = paths.Path(Pointer(shell, fs + (ulong)types.RequireOffset("fs_struct", "root.dentry"), "root"), Pointer(shell, fs + (ulong)types.RequireOffset("fs_struct", "root.mnt"), "root"), cancellationToken);
            string cwd = paths.Path(Pointer(shell, fs + (ulong)types.RequireOffset("fs_struct", "pwd.dentry"), "pwd"), Pointer(shell, fs + (ulong)types.RequireOffset("fs_struct", "pwd.mnt"), "pwd"), cancellationToken);
            output.WriteLine($"ROOT: {root}    CWD: {cwd}");
        }
        ulong files = Pointer(shell, task.Address + (ulong)types.RequireOffset("task_struct", "files"), "files_struct");
        if (files == 0)
        {
            output.WriteLine("No open files");
            return;
        }
        ulong fdt = Pointer(shell, files + (ulong)types.RequireOffset("files_struct", "fdt"), "fdtable");
        uint maxFds = memory.TryReadU32(fdt + (ulong)types.RequireOffset("fdtable", "max_fds"), out uint m) ? m : throw new ShellCommandException(ShellMemory.Failure(shell, "files", fdt, "fdtable max_fds"));
        ulong fdArray = Pointer(shell, fdt + (ulong)types.RequireOffset("fdtable", "fd"), "fdtable fd");
        bool header = false;
        for (uint fd = 0; fd < Math.Min(maxFds, 1u << 20); fd++)
        {
            if ((fd & 0xff) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            ulong file = Pointer(shell, fdArray + fd * 8UL, "fd_array");
            if (file == 0)
                continue;
            if (!header)
            {
                output.WriteLine(" FD       FILE            DENTRY           INODE       TYPE PATH");
                header = true;
            }
            ulong dentry = Pointer(shell, file + (ulong)types.RequireOffset("file", "f_path.dentry"), "file f_path");
            ulong mnt = Pointer(shell, file + (ulong)types.RequireOffset("file", "f_path.mnt"), "file f_path");
            ulong inode = Pointer(shell, file + (ulong)types.RequireOffset("file", "f_inode"), "file f_inode");
            string type = inode != 0 && memory.TryReadU16(inode + (ulong)types.RequireOffset("inode", "i_mode"), out ushort mode) ? TypeOf(mode) : "    ";
            var line = new StringBuilder();
            line.Append(fd.ToString(CultureInfo.InvariantCulture).PadLeft(3)).Append(' ');
            output.Write(line.ToString());
            WriteAddress(output, file, "struct file ");
            WriteAddress(output, dentry, "struct dentry ");
            WriteAddress(output, inode, "struct inode ");
            output.WriteLine(type + " " + paths.Path(dentry, mnt, cancellationToken));
        }
        if (!header)
            output.WriteLine("No open files");
    }

    private static void WriteAddress(ShellOutput output, ulong address, string command)
    {
        string hex = address.ToString("x16", CultureInfo.InvariantCulture);
        output.WriteLink(hex, command + address.ToString("x", CultureInfo.InvariantCulture));
        output.Write(" ");
    }

    /// <summary>crash's TYPE column (filesys.c `inode_type`): the S_IFMT kind of i_mode, four wide.</summary>
    private static string TypeOf(ushort mode) => (mode & 0xf000) switch
    {
        0x8000 => "REG ",
        0x4000 => "DIR ",
        0x2000 => "CHR ",
        0x6000 => "BLK ",
        0x1000 => "FIFO",
        0xc000 => "SOCK",
        0xa000 => "LNK ",
        _ => "    ",
    };

    private static KernelTask FindTask(CrashShell shell, string? argument, CancellationToken cancellationToken)
    {
        var tasks = shell.GetTasks(cancellationToken);
        if (argument is null)
        {
            var sys = SystemInfoExtractor.Extract(shell.Context, tasks, KernelLogExtractor.Extract(shell.Target));
            return sys.PanicTask is { } panic && tasks.FindByAddress(panic.Task) is { } found
                ? found
                : throw new ShellCommandException("files: no panic task: give a pid or task address");
        }
        if (int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && tasks.Tasks.FirstOrDefault(t => t.Pid == pid) is { } byPid)
            return byPid;
        if (SymLookup(argument) is { } address && tasks.FindByAddress(address) is { } byAddress)
            return byAddress;
        // crash's wording (task.c, str_to_context failures in cmd_files).
        throw new ShellCommandException($"files: invalid task or pid value: {argument}");
    }

    private static ulong? SymLookup(string text) =>
        Symbols.SymLookup.TryParseAddress(text, out ulong address) ? address : null;

    private static ulong Pointer(CrashShell shell, ulong address, string what) =>
        shell.Target.KernelMemory.TryReadU64(address, out ulong value) ? value : throw new ShellCommandException(ShellMemory.Failure(shell, "files", address, what));

    /// <summary>d_path over the dump: dentry names up to each mount's root, mount points across mounts.</summary>
    private sealed class PathReader(CrashShell shell)
    {
        private readonly long _parent = shell.Context.Types.RequireOffset("dentry", "d_parent");
        private readonly long _name = shell.Context.Types.RequireOffset("dentry", "d_name.name");
        private readonly long _mountVfs = shell.Context.Types.RequireOffset("mount", "mnt");
        private readonly long _mountParent = shell.Context.Types.RequireOffset("mount", "mnt_parent");
        private readonly long _mountPoint = shell.Context.Types.RequireOffset("mount", "mnt_mountpoint");
        private readonly long _mountRoot = shell.Context.Types.RequireOffset("vfsmount", "mnt_root");

        public string Path(ulong dentry, ulong vfsmount, CancellationToken cancellationToken)
        {
            var memory = shell.Target.KernelMemory;
            var parts = new List<string>();
            ulong mount = vfsmount - (ulong)_mountVfs;
            for (int depth = 0; depth < MaxDepth && dentry != 0; depth++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (!memory.TryReadU64(vfsmount + (ulong)_mountRoot, out ulong mountRoot) || !memory.TryReadU64(dentry + (ulong)_parent, out ulong parent))
                    break;
                if (dentry == mountRoot || dentry == parent)
                {
                    // At the root of this mount: continue from where it is mounted, unless it is the root mount.
                    if (!memory.TryReadU64(mount + (ulong)_mountParent, out ulong parentMount) || parentMount == mount)
                        break;
                    if (!memory.TryReadU64(mount + (ulong)_mountPoint, out dentry))
                        break;
                    mount = parentMount;
                    vfsmount = mount + (ulong)_mountVfs;
                    continue;
                }
                if (!memory.TryReadU64(dentry + (ulong)_name, out ulong namePointer) || memory.ReadCString(namePointer, 256) is not { } name)
                    break;
                parts.Add(name);
                dentry = parent;
            }
            parts.Reverse();
            return "/" + string.Join('/', parts);
        }
    }
}
