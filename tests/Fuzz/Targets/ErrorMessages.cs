using System.Text.RegularExpressions;
using Crashdesk.Analysis;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Fuzz.Targets;

/// <summary>
/// What the engine may throw on bad input, and what its messages must look like (docs: the README's
/// "Fuzzing" section): one line, no raw control bytes, no .NET type names, and — for a corrupt
/// format — what is wrong and where (a number: an offset, an address, a value).
/// </summary>
public static partial class ErrorMessages
{
    /// <summary>The engine's documented error types (DumpFormatException, NotSupportedException, MemoryNotPresentException).</summary>
    public static bool IsDocumented(Exception e) => e is DumpFormatException or NotSupportedException or MemoryNotPresentException;

    /// <summary>What is wrong with <paramref name="message"/>, or null.</summary>
    public static string? Problem(string message, bool mustSayWhere)
    {
        if (string.IsNullOrWhiteSpace(message))
            return "empty message";
        if (message.Contains('\n') || message.Contains('\r'))
            return "more than one line";
        foreach (char c in message)
        {
            if (char.IsControl(c) || c is '\ufffd' or '\u2028' or '\u2029')
                return $"raw control character U+{(int)c:X4}";
        }
        if (DotNetType().Match(message) is { Success: true } m)
            return $".NET type name \"{m.Value}\"";
        if (mustSayWhere && !message.Any(char.IsAsciiDigit))
            return "says neither offset, address nor value";
        return null;
    }

    // A type name as ToString() or GetType().Name print it: "System.IO.EndOfStreamException", "IndexOutOfRangeException".
    [GeneratedRegex(@"\b(System|Crashdesk|Microsoft)\.[A-Z]\w*(\.\w+)*|\b[A-Z]\w*Exception\b")]
    private static partial Regex DotNetType();
}
