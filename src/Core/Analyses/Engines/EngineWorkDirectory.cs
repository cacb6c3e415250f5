using System.Security.Cryptography;
using System.Text;
using Crashdesk.Analysis.Profiles;

namespace Crashdesk.Core.Analyses.Engines;

/// <summary>
/// This worker's private temporary directory for its engine processes (mode 0700: the byte channel's socket
/// and the profile files are this process's and its children's only): one directory per analysis (its socket,
/// the dump profile the child writes back) and the kernel profiles handed to children, written once per
/// build and kept for the next analysis of the same build (the last <see cref="KeptProfiles"/>). Removed when
/// the host stops. Singleton.
/// </summary>
internal sealed class EngineWorkDirectory : IDisposable
{
    /// <summary>Profile files kept (a debug kernel's is tens of MB): the oldest used goes beyond this.</summary>
    public const int KeptProfiles = 8;

    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly Lock _profilesLock = new();

    /// <summary>Creates the directory under the system's temporary directory, named by this process id.</summary>
    public EngineWorkDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), $"crashdesk-engine-{Environment.ProcessId}");
        CreatePrivate(Root);
        CreatePrivate(Path.Combine(Root, "profiles"));
    }

    /// <summary>The directory.</summary>
    public string Root { get; }

    /// <summary>A new, empty directory for one analysis (the caller deletes it).</summary>
    public string NewRunDirectory()
    {
        // Short names: a Unix socket's path is at most 107 bytes.
        var path = Path.Combine(Root, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
        CreatePrivate(path);
        return path;
    }

    private static void CreatePrivate(string path)
    {
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(path); // not a platform the service runs on; kept compilable
        else
            Directory.CreateDirectory(path, Private);
    }

    /// <summary>
    /// The file holding <paramref name="resolved"/>'s profile, written now unless an earlier analysis wrote it
    /// (the file name is a hash of its cache key, which names the build, profile format and type list).
    /// </summary>
    public string ProfileFile(ResolvedProfile resolved)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        string name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(resolved.CacheKey)))[..32] + ".cdkprof";
        string path = Path.Combine(Root, "profiles", name);
        lock (_profilesLock)
        {
            if (File.Exists(path))
            {
                File.SetLastWriteTimeUtc(path, DateTime.UtcNow); // most recently used: kept longest
                return path;
            }
            KernelProfileSerializer.Write(resolved.Profile, path); // a temporary file moved into place: never seen half-written
            Evict();
            return path;
        }
    }

    private void Evict()
    {
        var files = new DirectoryInfo(Path.Combine(Root, "profiles")).GetFiles("*.cdkprof").OrderByDescending(f => f.LastWriteTimeUtc).ToList();
        // A child reads its file as soon as it is named (and Linux keeps an unlinked file's bytes for whoever
        // has it open): only more than KeptProfiles new builds within that moment could remove one too early.
        foreach (var old in files.Skip(KeptProfiles))
            old.Delete();
    }

    /// <summary>Removes the directory and everything in it.</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort at shutdown: the next start of this pid (after a reboot) reuses the name.
        }
    }
}
