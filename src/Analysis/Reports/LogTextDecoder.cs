using System.Text;

namespace Crashdesk.Analysis.Reports;

/// <summary>
/// Turns the bytes of an uploaded log into text whatever they hold: a byte-order mark picks UTF-8 or
/// UTF-16; otherwise strict UTF-8, and bytes that are not UTF-8 (a Latin-1 terminal, serial line
/// noise) are read as Latin-1, which maps every byte to one character and never fails. NULs and
/// other control characters (console garbage after a reset) become spaces, ANSI colour sequences
/// (journalctl, minicom captures) are removed, so nothing downstream sees binary junk.
/// </summary>
public static class LogTextDecoder
{
    private static readonly UTF8Encoding _strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes <paramref name="bytes"/>; returns the text and the name of the encoding used.</summary>
    public static (string Text, string Encoding) Decode(ReadOnlySpan<byte> bytes)
    {
        string text;
        string encoding;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xef, 0xbb, 0xbf]))
            (text, encoding) = (Encoding.UTF8.GetString(bytes[3..]), "utf-8");
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xff, 0xfe]))
            (text, encoding) = (Encoding.Unicode.GetString(bytes[2..(2 + (bytes.Length - 2) / 2 * 2)]), "utf-16le");
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xfe, 0xff]))
            (text, encoding) = (Encoding.BigEndianUnicode.GetString(bytes[2..(2 + (bytes.Length - 2) / 2 * 2)]), "utf-16be");
        else
        {
            try
            {
                (text, encoding) = (_strictUtf8.GetString(TrimPartialUtf8(bytes)), "utf-8");
            }
            catch (DecoderFallbackException)
            {
                (text, encoding) = (Encoding.Latin1.GetString(bytes), "latin-1");
            }
        }
        return (Clean(text), encoding);
    }

    /// <summary>A head cut at a size limit can end inside a multi-byte character: drop that partial tail.</summary>
    private static ReadOnlySpan<byte> TrimPartialUtf8(ReadOnlySpan<byte> bytes)
    {
        int i = bytes.Length;
        int back = 0;
        while (i > 0 && back < 3 && (bytes[i - 1] & 0xc0) == 0x80)
        {
            i--;
            back++;
        }
        if (i == 0 || bytes[i - 1] < 0x80)
            return bytes;
        byte lead = bytes[i - 1];
        int need = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : 0;
        return need > back ? bytes[..(i - 1)] : bytes;
    }

    /// <summary>Removes ANSI escape sequences (ESC [ params letter) and turns other control characters into spaces.</summary>
    private static string Clean(string text)
    {
        int first = 0;
        while (first < text.Length && !IsJunk(text[first]))
            first++;
        if (first == text.Length)
            return text;
        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\u001b')
            {
                // CSI: ESC '[' parameter bytes 0x30–0x3F, intermediates 0x20–0x2F, one final 0x40–0x7E (ECMA-48 5.4).
                int j = i + 1;
                if (j < text.Length && text[j] == '[')
                {
                    j++;
                    while (j < text.Length && text[j] is >= '\u0020' and <= '\u003f')
                        j++;
                    if (j < text.Length && text[j] is >= '\u0040' and <= '\u007e')
                    {
                        i = j;
                        continue;
                    }
                }
                sb.Append(' ');
                continue;
            }
            sb.Append(IsJunk(c) ? ' ' : c);
        }
        return sb.ToString();
    }

    private static bool IsJunk(char c) => c < ' ' && c is not '\n' and not '\r' and not '\t' || c is '\u007f' or '\ufeff';
}
