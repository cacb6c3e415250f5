using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Crashdesk.Analysis.Shell.Commands;

/// <summary>
/// crash's <c>rd</c> (memory.c <c>cmd_rd</c> / <c>display_memory</c>): words of 8, 16, 32 or 64
/// bits per line as crash lays them out (16, 8, 4, 2 per line, the address right-justified, the
/// ASCII translation after the last column), <c>-s</c> symbolic 64-bit words, <c>-a</c> the
/// printable characters (60 per line; without a count it stops at the first unprintable byte and
/// ends without a newline, as crash does), <c>-d</c>/<c>-D</c> signed/unsigned decimal, <c>-x</c>
/// no ASCII column. The address is hex or a symbol.
/// </summary>
internal sealed class RdShellCommand : IShellCommand
{
    /// <summary>crash's ASCII_UNLIMITED: -a without a count reads up to the first unprintable byte.</summary>
    private const long AsciiUnlimited = long.MaxValue;

    public string Name => "rd";

    public string Summary => "read memory: words of 8/16/32/64 bits, symbolic (-s) or as a string (-a)";

    public string Usage => "rd [-8|-16|-32|-64] [-s|-a|-d|-D|-x] [address | symbol] [count]";

    public void Run(CrashShell shell, ShellInvocation invocation, ShellOutput output, CancellationToken cancellationToken)
    {
        int size = 8;
        bool symbolic = false, ascii = false, noAscii = false;
        char radix = 'x';
        foreach (string w in invocation.Words.Where(w => w.StartsWith('-')))
        {
            switch (w)
            {
                case "-8": size = 1; ascii = false; break;
                case "-16": size = 2; ascii = false; break;
                case "-32": size = 4; ascii = false; break;
                case "-64": size = 8; ascii = false; break;
                case "-a": ascii = true; break;
                case "-s" or "-S": symbolic = true; break;
                case "-d": radix = 'd'; break;
                case "-D": radix = 'u'; break;
                case "-x": noAscii = true; break;
                default: throw new ShellCommandException($"rd: invalid option: {w}\nUsage: {Usage}");
            }
        }
        if (symbolic && size != 8)
            throw new ShellCommandException("rd: -s option is only allowed with 64-bit display");
        if (invocation.Arguments is not [var where, ..] || invocation.Arguments.Count > 2)
            throw new ShellCommandException($"Usage: {Usage}");
        ulong address = ShellAddresses.Require(shell, where);
        long count = invocation.Arguments.Count == 2 ? ShellAddresses.ParseCount("rd", invocation.Arguments[1]) : ascii ? AsciiUnlimited : 1;
        if (count <= 0)
            throw new ShellCommandException($"rd: invalid count request: {count}");
        if (ascii)
            Ascii(shell, address, count, output, cancellationToken);
        else
            Words(shell, address, count, size, symbolic, radix, !noAscii && !symbolic && radix == 'x', output, cancellationToken);
    }

    private static void Words(CrashShell shell, ulong address, long count, int size, bool symbolic, char radix, bool asciiColumn, ShellOutput output, CancellationToken cancellationToken)
    {
        int perLine = 16 / size;
        // memory.c ASCII_START_*: where the ASCII column starts (VADDR_PRLEN 16 on x86_64).
        int asciiStart = 16 + size switch { 1 => 51, 2 => 43, 4 => 39, _ => 37 };
        var formatter = new GdbValueFormatter(shell.Target.KernelMemory, shell.Context.Symbols, hex: true);
        var line = new StringBuilder();
        var chars = new StringBuilder();
        Span<byte> word = stackalloc byte[8];
        string what = $"{size * 8}-bit KVADDR";
        for (long i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ulong at = address + (ulong)(i * size);
            if (shell.Target.KernelMemory.Read(at, word[..size]) != size)
            {
                // crash prints the words it read, then the error on a line of its own.
                if (line.Length > 0)
                    output.WriteLine(line.ToString().TrimEnd());
                throw new ShellCommandException(ShellMemory.Failure(shell, "rd", at, what));
            }
            if (i % perLine == 0)
            {
                if (i > 0)
                    Flush(output, line, chars, asciiColumn, asciiStart);
                line.Append(at.ToString("x16", CultureInfo.InvariantCulture)).Append(":  ");
            }
            ulong value = size switch
            {
                1 => word[0],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(word),
                4 => BinaryPrimitives.ReadUInt32LittleEndian(word),
                _ => BinaryPrimitives.ReadUInt64LittleEndian(word),
            };
            if (symbolic && formatter.SymbolOf(value, modules: true, crashNames: true) is { } name)
                line.Append(name.PadRight(16)).Append(' ');
            else
                line.Append(Format(value, size, radix)).Append(' ');
            for (int j = 0; j < size; j++)
                chars.Append(word[j] is >= 0x20 and < 0x7f ? (char)word[j] : '.');
        }
        Flush(output, line, chars, asciiColumn, asciiStart);
    }

    private static void Flush(ShellOutput output, StringBuilder line, StringBuilder chars, bool asciiColumn, int asciiStart)
    {
        if (asciiColumn && chars.Length > 0)
            line.Append(' ', Math.Max(0, asciiStart - line.Length)).Append("  ").Append(chars);
        output.WriteLine(line.ToString());
        line.Clear();
        chars.Clear();
    }

    /// <summary>memory.c's decimal formats: %15ld / %20lu (64), %12d / %12u (32), %5d (16), %3d (8).</summary>
    private static string Format(ulong value, int size, char radix) => (radix, size) switch
    {
        ('x', _) => value.ToString("x" + (size * 2).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
        ('d', 8) => ((long)value).ToString(CultureInfo.InvariantCulture).PadLeft(15),
        ('u', 8) => value.ToString(CultureInfo.InvariantCulture).PadLeft(20),
        ('d', 4) => ((int)value).ToString(CultureInfo.InvariantCulture).PadLeft(12),
        ('u', 4) => value.ToString(CultureInfo.InvariantCulture).PadLeft(12),
        (_, 2) => value.ToString(CultureInfo.InvariantCulture).PadLeft(5),
        _ => value.ToString(CultureInfo.InvariantCulture).PadLeft(3),
    };

    private static void Ascii(CrashShell shell, ulong address, long count, ShellOutput output, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        bool any = false;
        int onLine = 0;
        Span<byte> one = stackalloc byte[1];
        for (long i = 0; i < count; i++)
        {
            if ((i & 0xfff) == 0)
                cancellationToken.ThrowIfCancellationRequested();
            ulong at = address + (ulong)i;
            if (shell.Target.KernelMemory.Read(at, one) != 1)
            {
                if (line.Length > 0)
                    output.WriteLine(line.ToString());
                throw new ShellCommandException(ShellMemory.Failure(shell, "rd", at, "ascii"));
            }
            byte b = one[0];
            if (b is >= 0x20 and < 0x7f)
            {
                if (onLine % 60 == 0)
                {
                    if (any)
                    {
                        output.WriteLine(line.ToString());
                        line.Clear();
                    }
                    line.Append(at.ToString("x16", CultureInfo.InvariantCulture)).Append(":  ");
                }
                line.Append((char)b);
                any = true;
                onLine++;
            }
            else
            {
                if (count == AsciiUnlimited)
                {
                    // crash returns at the string's end without ending the line.
                    output.Write(line.ToString());
                    return;
                }
                onLine = 0;
            }
        }
        output.WriteLine(line.ToString());
    }
}
