using System.Buffers;

namespace Crashdesk.Core.Storage;

/// <summary>Object keys the service uses, and the one rule every store enforces on them.</summary>
public static class BlobKeys
{
    private static readonly SearchValues<char> _allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-_./");

    /// <summary>cases/{case}/artifacts/{artifact}: never the user's file name (that is only metadata).</summary>
    public static string ForArtifact(Guid caseId, Guid artifactId) => $"cases/{caseId:N}/artifacts/{artifactId:N}";

    /// <summary>debug-kernels/{organisation}/{entry}/vmlinux: a vmlinux uploaded to the library (not to a case).</summary>
    public static string ForDebugKernel(Guid organizationId, Guid entryId) => $"debug-kernels/{organizationId:N}/{entryId:N}/vmlinux";

    /// <summary>
    /// debug-kernels/{organisation}/profiles/{file}: a kernel profile, the file name carrying the
    /// build-id, the profile format version and its type list's hash (KernelProfileCache.FileName).
    /// </summary>
    public static string ForKernelProfile(Guid organizationId, string profileFileName) => $"debug-kernels/{organizationId:N}/profiles/{profileFileName}";

    /// <summary>
    /// debug-kernels/{organisation}/dump-profiles/{file}: a profile of a dump's own kallsyms and BTF, kept for
    /// the next dumps of that build (Analysis.Context.DumpProfileBuilder); file named as a kernel profile's.
    /// </summary>
    public static string ForDumpProfile(Guid organizationId, string profileFileName) => $"debug-kernels/{organizationId:N}/dump-profiles/{profileFileName}";

    /// <summary>Lower-case letters, digits, '-', '_', '.', '/'; no empty, '.' or '..' segment.</summary>
    public static void Validate(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Length > 512 || key.AsSpan().ContainsAnyExcept(_allowed))
            throw new ArgumentException($"invalid object key '{key}'", nameof(key));
        foreach (var segment in key.Split('/'))
        {
            if (segment is "" or "." or "..")
                throw new ArgumentException($"invalid object key '{key}': empty or relative segment", nameof(key));
        }
    }
}
