namespace Crashdesk.Core.Storage;

/// <summary>
/// Files and directories only the service's user can read: dumps hold customers' memory. Modes are
/// given at creation (open(2)'s and mkdir(2)'s mode argument, so there is no moment of a wider mode);
/// the process umask can only narrow them further.
/// </summary>
internal static class PrivateFiles
{
    /// <summary>0600: read and write for the owner only.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0700: the owner lists, enters and creates; no one else even sees the names.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates the directory and its missing parents as 0700 (existing ones keep their mode).</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        // Each missing level by itself, outermost first: Directory.CreateDirectory(path, mode) gives
        // the mode to the last level only (its parents came out 0755 here, .NET 10 on Linux).
        var missing = new Stack<string>();
        for (var current = Path.GetFullPath(path); !Directory.Exists(current); current = Path.GetDirectoryName(current)!)
            missing.Push(current);
        while (missing.TryPop(out var directory))
            Directory.CreateDirectory(directory, DirectoryMode);
    }

    /// <summary>Makes an existing directory 0700 (the store's root, which may date from before modes were set).</summary>
    public static void Restrict(string directory)
    {
        if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(directory) != DirectoryMode)
            File.SetUnixFileMode(directory, DirectoryMode);
    }

    /// <summary>A new file (it must not exist), 0600, for asynchronous writing.</summary>
    public static FileStream CreateNew(string path)
    {
        var options = new FileStreamOptions
        {
            Mode = System.IO.FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 1,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = FileMode;
        return new FileStream(path, options);
    }
}
