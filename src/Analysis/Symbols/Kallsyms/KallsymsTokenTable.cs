using System.Buffers.Binary;
using Crashdesk.Analysis.Memory;

namespace Crashdesk.Analysis.Symbols.Kallsyms;

/// <summary>
/// The 256 tokens of kallsyms' table compression (scripts/kallsyms.c `optimize_token_table`: every
/// byte of a compressed name stands for a token of one or more characters; `kallsyms_token_index[b]`
/// is the offset of token b in `kallsyms_token_table`).
/// </summary>
internal sealed class KallsymsTokenTable
{
    private const int TokenCount = 256;
    private readonly byte[][] _tokens;

    private KallsymsTokenTable(byte[][] tokens) => _tokens = tokens;

    /// <summary>The bytes token <paramref name="b"/> expands to.</summary>
    public ReadOnlySpan<byte> this[byte b] => _tokens[b];

    /// <summary>Reads and validates both arrays; corrupt offsets or unterminated tokens throw <see cref="DumpFormatException"/>.</summary>
    public static KallsymsTokenTable Read(IMemoryReader memory, KallsymsTables tables, AnalysisLimits limits)
    {
        var index = new byte[TokenCount * 2];
        if (!memory.TryReadExactly(tables.TokenIndex, index))
            throw new DumpFormatException($"kallsyms_token_index at 0x{tables.TokenIndex:x} is not in the dump");
        int maxOffset = 0;
        var offsets = new int[TokenCount];
        for (int i = 0; i < TokenCount; i++)
        {
            offsets[i] = BinaryPrimitives.ReadUInt16LittleEndian(index.AsSpan(i * 2));
            maxOffset = Math.Max(maxOffset, offsets[i]);
        }
        // A token is at most KSYM_NAME_LEN bytes; read up to the last offset plus that much.
        int length = Math.Min(maxOffset + limits.MaxKallsymsTokenLength + 1, ushort.MaxValue + limits.MaxKallsymsTokenLength + 1);
        var table = new byte[length];
        int got = memory.Read(tables.TokenTable, table);
        var tokens = new byte[TokenCount][];
        for (int i = 0; i < TokenCount; i++)
        {
            int start = offsets[i];
            int end = start >= got ? -1 : table.AsSpan(start, Math.Min(got - start, limits.MaxKallsymsTokenLength + 1)).IndexOf((byte)0);
            if (end < 0)
                throw new DumpFormatException($"kallsyms token {i} at kallsyms_token_table+0x{start:x} (0x{tables.TokenTable + (ulong)start:x}) is unterminated or not in the dump");
            tokens[i] = table.AsSpan(start, end).ToArray();
        }
        return new KallsymsTokenTable(tokens);
    }
}
