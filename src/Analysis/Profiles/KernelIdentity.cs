namespace Crashdesk.Analysis.Profiles;

/// <summary>What identifies a kernel build: GNU build-id, release (`uname -r`) and `linux_banner`.</summary>
/// <param name="BuildId">Lower-case hex GNU build-id, null if unknown.</param>
/// <param name="Release">Release string such as "6.1.0-56-cloud-amd64", null if unknown.</param>
/// <param name="Banner">The `linux_banner` text without its newline, null if unknown.</param>
public sealed record KernelIdentity(string? BuildId, string? Release, string? Banner)
{
    /// <summary>The release named in a banner ("Linux version 6.1.0-56-cloud-amd64 (...)" → "6.1.0-56-cloud-amd64").</summary>
    public static string? ReleaseFromBanner(string? banner)
    {
        const string prefix = "Linux version ";
        if (banner is null || !banner.StartsWith(prefix, StringComparison.Ordinal))
            return null;
        int end = banner.IndexOf(' ', prefix.Length);
        return end < 0 ? banner[prefix.Length..] : banner[prefix.Length..end];
    }
}
