using System.Security.Cryptography;
using System.Text;
using Crashdesk.Analysis.Binary;
using Crashdesk.Analysis.Diagnostics;

namespace Crashdesk.Analysis.Profiles;

/// <summary>
/// Kernel profiles cached by build-id: the first analysis with a vmlinux builds the profile
/// (<see cref="KernelProfileBuilder"/>, seconds of DWARF work) and stores it; later ones load it in
/// milliseconds. The file name carries the build-id, the format version and a hash of the type
/// list, so a profile missing types some extractor now needs is rebuilt rather than used.
/// Default folder: $XDG_CACHE_HOME/crashdesk/profiles, else ~/.cache/crashdesk/profiles.
/// </summary>
public sealed class KernelProfileCache(string folder)
{
    /// <summary>The cache folder.</summary>
    public string Folder { get; } = folder;

    /// <summary>The default per-user cache.</summary>
    public static KernelProfileCache Default()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return new KernelProfileCache(Path.Combine(root, "crashdesk", "profiles"));
    }

    /// <summary>
    /// The profile of <paramref name="vmlinux"/> with <paramref name="typeNames"/>: from the cache when
    /// present and readable, else built (and stored when the folder is writable). <paramref name="fromCache"/>
    /// tells which happened; <paramref name="timings"/>, when given, receives the phases.
    /// </summary>
    public KernelProfile GetOrBuild(string vmlinux, IReadOnlyCollection<string> typeNames, out bool fromCache, PhaseTimings? timings = null)
    {
        var opening = timings?.Start("vmlinux build-id");
        using var kernel = DebugKernel.Open(vmlinux);
        string? buildId = GnuBuildId.TryRead(kernel.Image, out var id) ? id : null;
        opening?.Dispose();
        string? path = buildId is null ? null : Path.Combine(Folder, FileName(buildId, typeNames));
        if (path is not null && File.Exists(path))
        {
            try
            {
                var cached = timings is null ? KernelProfileSerializer.Read(path) : timings.Measure("profile load", () => KernelProfileSerializer.Read(path));
                if (string.Equals(cached.Identity.BuildId, buildId, StringComparison.OrdinalIgnoreCase))
                {
                    fromCache = true;
                    return cached;
                }
            }
            catch (DumpFormatException)
            {
                // A damaged cache file is rebuilt below.
            }
        }
        var profile = KernelProfileBuilder.Build(kernel, typeNames, timings);
        fromCache = false;
        // Serialise while the vmlinux is still mapped, whether or not the file can be stored: parts of
        // a fresh profile (nested member types) are read from the DWARF on first use, and the mapping
        // ends with this method. Without it a read-only cache folder crashed the process later
        // (AccessViolation when `ps` walked a type after the unmap).
        var bytes = new MemoryStream();
        if (timings is null)
            KernelProfileSerializer.Write(profile, bytes);
        else
            timings.Measure("profile write", () => { KernelProfileSerializer.Write(profile, bytes); return 0; });
        if (path is not null)
        {
            try
            {
                Directory.CreateDirectory(Folder);
                string temporary = $"{path}.{Environment.ProcessId}.tmp";
                try
                {
                    File.WriteAllBytes(temporary, bytes.ToArray());
                    File.Move(temporary, path, overwrite: true);
                }
                finally
                {
                    File.Delete(temporary);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A read-only cache only costs speed.
            }
        }
        return profile;
    }

    /// <summary>"&lt;build-id&gt;-v&lt;format&gt;-&lt;types hash&gt;.cdkprof".</summary>
    public static string FileName(string buildId, IReadOnlyCollection<string> typeNames)
    {
        string joined = string.Join('\n', typeNames.Order(StringComparer.Ordinal));
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)))[..12];
        return $"{buildId.ToLowerInvariant()}-v{KernelProfileSerializer.Version}-{hash}.cdkprof";
    }
}
