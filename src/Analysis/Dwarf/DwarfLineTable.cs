using System.Text;

namespace Crashdesk.Analysis.Dwarf;

/// <summary>A source position: the file's path as the compiler saw it (its directory joined on) and the line.</summary>
public sealed record SourceLine(string File, int Line);

/// <summary>
/// The line-number programs of .debug_line (DWARF 2–5, section 6.2 of the DWARF 5 standard), for
/// address → file:line. Building it runs every compile unit's program once and keeps only its
/// sequences (address ranges and where each starts); a lookup runs the one sequence holding the
/// address again. Paths join the file's directory and the unit's DW_AT_comp_dir as gdb's
/// symtab_to_fullname() and binutils' addr2line do.
/// </summary>
public sealed class DwarfLineTable
{
    private const byte LnsCopy = 1, LnsAdvancePc = 2, LnsAdvanceLine = 3, LnsSetFile = 4, LnsNegateStmt = 6, LnsConstAddPc = 8, LnsFixedAdvancePc = 9;
    private const byte LneEndSequence = 1, LneSetAddress = 2;
    private const int LnctPath = 1, LnctDirectoryIndex = 2;

    private readonly ReadOnlyMemory<byte> _line;
    private readonly List<Sequence> _sequences;
    private readonly Dictionary<int, Header> _headers;

    private DwarfLineTable(ReadOnlyMemory<byte> line, List<Sequence> sequences, Dictionary<int, Header> headers)
    {
        _line = line;
        _sequences = sequences;
        _headers = headers;
    }

    /// <summary>Address ranges (link-time) that have line information.</summary>
    public int SequenceCount => _sequences.Count;

    /// <summary>Reads the programs of every compile unit of <paramref name="dwarf"/> that has DW_AT_stmt_list; null when there is no .debug_line.</summary>
    public static DwarfLineTable? Build(DwarfInfo dwarf, ReadOnlyMemory<byte> debugLine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dwarf);
        if (debugLine.Length == 0)
            return null;
        var headers = new Dictionary<int, Header>();
        var sequences = new List<Sequence>();
        for (int i = 0; i < dwarf.UnitCount; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var unit = dwarf.Unit(i);
            var die = dwarf.ReadDie(unit.FirstDie);
            if (!die.TryGet(DwarfConstants.AtStmtList, out var stmt) || stmt.Unsigned >= (ulong)debugLine.Length || headers.ContainsKey((int)stmt.Unsigned))
                continue;
            string compDir = die.TryGet(DwarfConstants.AtCompDir, out var dir) ? dwarf.String(dir, unit) : "";
            var header = Header.Read(debugLine.Span, (int)stmt.Unsigned, compDir, dwarf.Sections);
            headers[header.Offset] = header;
            Run(debugLine.Span, header, header.ProgramStart, ulong.MaxValue, sequences, out _);
        }
        sequences.Sort((a, b) => a.Low.CompareTo(b.Low));
        return new DwarfLineTable(debugLine, sequences, headers);
    }

    /// <summary>The file and line of the link-time <paramref name="address"/>, or null when no sequence covers it.</summary>
    public SourceLine? Find(ulong address)
    {
        int lo = 0, hi = _sequences.Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            if (_sequences[mid].Low <= address)
            {
                found = mid;
                lo = mid + 1;
            }
            else
                hi = mid - 1;
        }
        // Sequences may nest or overlap (a unit's .init.text and .text); look back over those that start before.
        for (int i = found; i >= 0 && i > found - 64; i--)
        {
            var s = _sequences[i];
            if (address >= s.High)
                continue;
            var header = _headers[s.HeaderOffset];
            Run(_line.Span, header, s.Start, address, null, out var row);
            if (row is { } r)
                return new SourceLine(header.Path(r.File), r.Line);
        }
        return null;
    }

    /// <summary>
    /// Runs the program from <paramref name="position"/>: with <paramref name="sequences"/>, to its
    /// end, recording every sequence; else the one sequence there, returning in <paramref name="match"/>
    /// the last row at or below <paramref name="target"/> (a row covers up to the next row's address).
    /// </summary>
    private static void Run(ReadOnlySpan<byte> data, Header h, int position, ulong target, List<Sequence>? sequences, out (int File, int Line)? match)
    {
        match = null;
        var c = new DwarfCursor(data[..h.End], ".debug_line", position);
        ulong address = 0;
        int file = 1, line = 1;
        bool isStmt = h.DefaultIsStmt;
        int sequenceStart = position;
        ulong low = ulong.MaxValue;
        (int File, int Line)? last = null;
        ulong lastAddress = 0;
        bool lastIsStmt = false;
        while (c.Position < h.End)
        {
            byte op = c.U8();
            bool row = false, end = false;
            if (op >= h.OpcodeBase)
            {
                int adjusted = op - h.OpcodeBase;
                address += (ulong)(adjusted / h.LineRange * h.MinInstructionLength);
                line += h.LineBase + adjusted % h.LineRange;
                row = true;
            }
            else if (op == 0)
            {
                ulong length = c.Uleb();
                int next = c.Position + (int)Math.Min(length, (ulong)(h.End - c.Position));
                byte sub = length == 0 ? (byte)0 : c.U8();
                if (sub == LneEndSequence)
                {
                    row = true;
                    end = true;
                }
                else if (sub == LneSetAddress)
                    address = c.Fixed((int)length - 1);
                // DW_LNE_define_file (DWARF 2–4, unused by GCC) and vendor opcodes: skipped by their length.
                c.Position = next;
            }
            else if (op == LnsCopy)
                row = true;
            else if (op == LnsAdvancePc)
                address += c.Uleb() * (ulong)h.MinInstructionLength;
            else if (op == LnsAdvanceLine)
                line += (int)c.Sleb();
            else if (op == LnsSetFile)
                file = (int)c.Uleb();
            else if (op == LnsNegateStmt)
                isStmt = !isStmt;
            else if (op == LnsConstAddPc)
                address += (ulong)((255 - h.OpcodeBase) / h.LineRange * h.MinInstructionLength);
            else if (op == LnsFixedAdvancePc)
                address += c.U16();
            else
            {
                // Other standard opcodes (set_column, negate_stmt, …) change nothing looked up here; skip their LEB128 operands.
                for (int i = 0; i < h.StandardLengths[op - 1]; i++)
                    c.Uleb();
            }
            if (!row)
                continue;
            if (sequences is null)
            {
                if (last is not null && address > target)
                {
                    match = lastAddress <= target ? last : null;
                    return;
                }
                if (end)
                    return;
                // Of several rows at one address gdb answers with the last statement row (its line
                // table keeps is_stmt; find_pc_sect_line prefers an is_stmt entry at the same pc):
                // a non-statement row only replaces a row at a lower address or another non-statement one.
                if (last is null || address != lastAddress || isStmt || !lastIsStmt)
                {
                    last = (file, line);
                    lastIsStmt = isStmt;
                }
                lastAddress = address;
                continue;
            }
            if (end)
            {
                if (low != ulong.MaxValue && address > low)
                    sequences.Add(new Sequence(low, address, h.Offset, sequenceStart));
                low = ulong.MaxValue;
                address = 0;
                file = 1;
                line = 1;
                isStmt = h.DefaultIsStmt;
                sequenceStart = c.Position;
            }
            else if (low == ulong.MaxValue)
                low = address;
        }
    }

    private sealed record Sequence(ulong Low, ulong High, int HeaderOffset, int Start);

    /// <summary>A line program's header: its parameters and its directory and file tables.</summary>
    private sealed record Header(
        int Offset, int End, int ProgramStart, int Version, int MinInstructionLength, bool DefaultIsStmt, int LineBase, int LineRange, int OpcodeBase,
        byte[] StandardLengths, IReadOnlyList<string> Directories, IReadOnlyList<(string Name, int Directory)> Files, string CompDir)
    {
        /// <summary>The full path of file <paramref name="index"/> (1-based before DWARF 5, 0-based from it).</summary>
        public string Path(int index)
        {
            int i = Version >= 5 ? index : index - 1;
            if (i < 0 || i >= Files.Count)
                return $"(file {index})";
            var (name, dirIndex) = Files[i];
            if (name.StartsWith('/'))
                return name;
            // Before DWARF 5 directory 0 is the unit's DW_AT_comp_dir and the table starts at 1.
            string dir = Version >= 5
                ? dirIndex < Directories.Count ? Directories[dirIndex] : ""
                : dirIndex == 0 ? CompDir : dirIndex - 1 < Directories.Count ? Directories[dirIndex - 1] : "";
            if (!dir.StartsWith('/') && CompDir.Length > 0)
                dir = CompDir + "/" + dir;
            string path = dir.Length == 0 ? name : dir + "/" + name;
            // crash's get_line_number() squeezes "//" (symbols.c).
            while (path.Contains("//", StringComparison.Ordinal))
                path = path.Replace("//", "/", StringComparison.Ordinal);
            return path;
        }

        public static Header Read(ReadOnlySpan<byte> data, int offset, string compDir, DwarfSections sections)
        {
            var c = new DwarfCursor(data, ".debug_line", offset);
            ulong unitLength = c.U32();
            int offsetSize = 4;
            if (unitLength == 0xffffffff)
            {
                unitLength = c.U64();
                offsetSize = 8;
            }
            if (unitLength > (ulong)(data.Length - c.Position))
                throw c.Error($"line program length 0x{unitLength:x} runs past the section", offset);
            int end = c.Position + (int)unitLength;
            int version = c.U16();
            if (version is < 2 or > 5)
                throw c.Error($"line program version {version}", offset);
            if (version >= 5)
            {
                c.U8(); // address_size
                c.U8(); // segment_selector_size
            }
            ulong headerLength = c.Fixed(offsetSize);
            int programStart = c.Position + (int)Math.Min(headerLength, (ulong)(end - c.Position));
            int minInst = c.U8();
            if (version >= 4)
                c.U8(); // maximum_operations_per_instruction (1 on x86)
            bool defaultIsStmt = c.U8() != 0;
            int lineBase = unchecked((sbyte)c.U8()); // signed (DWARF 5 6.2.4 line_base), -5 on gcc's tables
            int lineRange = c.U8();
            int opcodeBase = c.U8();
            if (lineRange == 0 || opcodeBase == 0)
                throw c.Error("line_range or opcode_base is 0", offset);
            var lengths = new byte[opcodeBase - 1];
            for (int i = 0; i < lengths.Length; i++)
                lengths[i] = c.U8();
            var dirs = new List<string>();
            var files = new List<(string, int)>();
            if (version >= 5)
            {
                foreach (var entry in Entries(ref c, offsetSize, sections))
                    dirs.Add(entry.Path);
                foreach (var entry in Entries(ref c, offsetSize, sections))
                    files.Add((entry.Path, entry.Directory));
            }
            else
            {
                while (c.Data[c.Position] != 0)
                    dirs.Add(Inline(ref c));
                c.U8();
                while (c.Data[c.Position] != 0)
                {
                    string name = Inline(ref c);
                    int dir = (int)c.Uleb();
                    c.Uleb(); // mtime
                    c.Uleb(); // length
                    files.Add((name, dir));
                }
            }
            return new Header(offset, end, programStart, version, minInst, defaultIsStmt, lineBase, lineRange, opcodeBase, lengths, dirs, files, compDir);
        }

        // DWARF 5 6.2.4.1: a format (content type, form pairs), a count, then the entries.
        private static List<(string Path, int Directory)> Entries(ref DwarfCursor c, int offsetSize, DwarfSections sections)
        {
            int formats = c.U8();
            var format = new (ulong Content, ulong Form)[formats];
            for (int i = 0; i < formats; i++)
                format[i] = (c.Uleb(), c.Uleb());
            ulong count = c.Uleb();
            var entries = new List<(string, int)>();
            for (ulong n = 0; n < count; n++)
            {
                string path = "";
                int directory = 0;
                foreach (var (content, form) in format)
                {
                    var (text, number) = Value(ref c, form, offsetSize, sections);
                    if (content == LnctPath)
                        path = text ?? "";
                    else if (content == LnctDirectoryIndex)
                        directory = (int)number;
                }
                entries.Add((path, directory));
            }
            return entries;
        }

        private static (string? Text, ulong Number) Value(ref DwarfCursor c, ulong form, int offsetSize, DwarfSections sections) => form switch
        {
            DwarfConstants.FormString => (Inline(ref c), 0),
            DwarfConstants.FormLineStrp => (Section(sections.LineStr.Span, c.Fixed(offsetSize)), 0),
            DwarfConstants.FormStrp => (Section(sections.Str.Span, c.Fixed(offsetSize)), 0),
            DwarfConstants.FormUdata => (null, c.Uleb()),
            DwarfConstants.FormData1 => (null, c.U8()),
            DwarfConstants.FormData2 => (null, c.U16()),
            DwarfConstants.FormData4 => (null, c.U32()),
            DwarfConstants.FormData8 => (null, c.U64()),
            DwarfConstants.FormData16 => Skip(ref c, 16),
            DwarfConstants.FormBlock => Skip(ref c, c.Uleb()),
            _ => throw c.Error($"line table entry form 0x{form:x}", c.Position),
        };

        private static (string?, ulong) Skip(ref DwarfCursor c, ulong bytes)
        {
            c.Skip(bytes);
            return (null, 0);
        }

        private static string Inline(ref DwarfCursor c)
        {
            int start = c.SkipString();
            return Encoding.UTF8.GetString(c.Data[start..(c.Position - 1)]);
        }

        private static string Section(ReadOnlySpan<byte> section, ulong offset)
        {
            if (offset >= (ulong)section.Length)
                return "";
            var rest = section[(int)offset..];
            int nul = rest.IndexOf((byte)0);
            return Encoding.UTF8.GetString(nul < 0 ? rest : rest[..nul]);
        }
    }
}
