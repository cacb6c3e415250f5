namespace Crashdesk.Core.Environments.Sosreport;

/// <summary>
/// An uploaded archive <see cref="SosreportReader"/> refused: not a sosreport, damaged, or unsafe
/// (a path or link outside the archive, a member or total size over <see cref="SosreportLimits"/>).
/// The message is for the person who uploaded it: it names their file and the member, and says what
/// is wrong in their words (never a .NET type name).
/// </summary>
public sealed class SosreportRejectedException : Exception
{
    public SosreportRejectedException(string fileName, string? member, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FileName = fileName;
        Member = member;
    }

    /// <summary>The uploaded file's name, as the user gave it.</summary>
    public string FileName { get; }

    /// <summary>The member the problem is in or after, as the archive names it; null when it is the whole file.</summary>
    public string? Member { get; }
}
