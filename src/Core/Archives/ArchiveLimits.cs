using Crashdesk.Core.Options;

namespace Crashdesk.Core.Archives;

/// <summary>The limits of one unpacking, resolved from <see cref="UploadOptions"/> (Uploads:Archives:*).</summary>
internal sealed record ArchiveLimits(int MaxMembers, long MaxExpandedBytes, int MaxExpansionRatio, long RatioGraceBytes, long MaxMemberBytes)
{
    public static ArchiveLimits From(UploadOptions options) => new(
        options.Archives.MaxMembers,
        options.Archives.MaxExpandedBytes ?? options.MaxBytes,
        options.Archives.MaxExpansionRatio,
        options.Archives.RatioGraceBytes,
        options.MaxBytes);
}
