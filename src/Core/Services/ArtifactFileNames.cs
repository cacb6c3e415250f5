namespace Crashdesk.Core.Services;

/// <summary>Rules for the user-given file name (kept as metadata only; the object key never contains it).</summary>
public static class ArtifactFileNames
{
    public const int MaxLength = 255;

    public static bool TryValidate(string? fileName, out string problem)
    {
        problem = "";
        if (string.IsNullOrWhiteSpace(fileName))
            problem = "the file name is empty";
        else if (fileName.Length > MaxLength)
            problem = $"the file name is longer than {MaxLength} characters";
        else if (fileName is "." or "..")
            problem = "the file name may not be '.' or '..'";
        else if (fileName.Any(c => c is '/' or '\\' || char.IsControl(c)))
            problem = "the file name may not contain '/', '\\' or control characters";
        return problem.Length == 0;
    }
}
