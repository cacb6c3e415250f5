using System.Buffers.Binary;
using System.Text;

namespace Crashdesk.Analysis.Dwarf;

using static DwarfConstants;

/// <summary>
/// Finds the first complete definition, in unit order, of a fixed set of type names ("struct
/// task_struct", "atomic_t") — the same answer as <see cref="DwarfNameIndex"/> gives, without
/// building the index of every name: a kernel profile needs ~90 types, the index holds ~100 000.
/// Every unit's top-level DIEs are visited (a missing name can only be proven missing by the last
/// unit), but names are compared as bytes against the wanted set (no string per DIE), abbreviation
/// tables are decoded into reused flat arrays, subtrees are jumped over by DW_AT_sibling, and
/// units are shared among the cores. When every wanted name has been found, units starting past
/// the last hit are not read at all (DIE offsets grow with unit order, so none can win).
/// Approach after drgn's libdrgn/dwarf_info.c (index top-level DIEs only, parallel over units),
/// narrowed to a known name set.
/// </summary>
internal static class DwarfTypeScanner
{
    private const int KindStruct = 0, KindUnion = 1, KindEnum = 2, KindTypedef = 3, KindNone = 255;

    /// <summary>Wanted C names → .debug_info offset of their first complete definition (absent names are left out).</summary>
    public static Dictionary<string, int> FindFirstDefinitions(DwarfInfo dwarf, IEnumerable<string> cNames)
    {
        var wanted = new Wanted(cNames);
        if (wanted.Count == 0)
            return new Dictionary<string, int>(StringComparer.Ordinal);
        var best = new int[wanted.Count];
        Array.Fill(best, int.MaxValue);
        var units = dwarf.UnitOffsets;
        int next = -1, found = 0;
        int stopAt = int.MaxValue; // units starting after this offset cannot improve any answer
        int workers = Math.Max(1, Math.Min(Environment.ProcessorCount, units.Length / 8 + 1));
        try
        {
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
            {
                var abbrevs = new LeanAbbreviations();
                var hits = new List<(int Id, int Offset)>();
                while (true)
                {
                    int u = Interlocked.Increment(ref next);
                    if (u >= units.Length || units[u] > Volatile.Read(ref stopAt))
                        return;
                    hits.Clear();
                    ScanUnit(dwarf.Sections, units[u], abbrevs, wanted, hits);
                    if (hits.Count == 0)
                        continue;
                    lock (best)
                    {
                        foreach (var (id, offset) in hits)
                        {
                            if (best[id] == int.MaxValue)
                                found++;
                            best[id] = Math.Min(best[id], offset);
                        }
                        if (found == best.Length)
                            Volatile.Write(ref stopAt, best.Max());
                    }
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Report the corruption itself (section and offset), not the parallel wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < best.Length; i++)
            if (best[i] != int.MaxValue)
                foreach (string cName in wanted.CNames(i))
                    result[cName] = best[i];
        return result;
    }

    private static byte KindOf(ushort tag) => tag switch
    {
        TagStructureType => KindStruct,
        TagUnionType => KindUnion,
        TagEnumerationType => KindEnum,
        TagTypedef or TagBaseType => KindTypedef,
        _ => KindNone,
    };

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void ScanUnit(DwarfSections sections, int unitOffset, LeanAbbreviations abbrevs, Wanted wanted, List<(int, int)> hits)
    {
        var info = sections.Info.Span;
        var h = DwarfUnitHeader.Read(info, unitOffset);
        abbrevs.Parse(sections.Abbrev.Span, h.AbbrevOffset, h.Version, h.OffsetSize, h.AddressSize);
        var c = new DwarfCursor(info[..h.End], ".debug_info", h.FirstDie);
        if (c.AtEnd)
            return;
        int unitDie = c.Position;
        ulong unitCode = c.Uleb();
        if (unitCode == 0)
            return;
        ref readonly var unitAbbrev = ref abbrevs.Get(unitCode, unitDie);
        ulong strOffsetsBase = 8;
        foreach (ref readonly var a in abbrevs.Attributes(unitAbbrev))
        {
            if (a.Name == AtStrOffsetsBase && a.Size > 0)
                strOffsetsBase = c.Fixed(a.Size);
            else
                Skip(ref c, a, h);
        }
        if (!unitAbbrev.HasChildren)
            return;
        while (!c.AtEnd)
        {
            int at = c.Position;
            ulong code = c.Uleb();
            if (code == 0)
                return;
            ref readonly var e = ref abbrevs.Get(code, at);
            byte kind = KindOf(e.Tag);
            if (kind == KindNone)
            {
                if (!e.HasChildren && e.FixedSize >= 0)
                    c.Skip((ulong)e.FixedSize);
                else
                {
                    c.Position = at;
                    SkipDie(ref c, abbrevs, h);
                }
                continue;
            }
            ushort nameForm = 0;
            int nameAt = 0, sibling = -1;
            bool declaration = false;
            foreach (ref readonly var a in abbrevs.Attributes(e))
            {
                switch (a.Name)
                {
                    case AtName:
                        nameForm = a.Form;
                        nameAt = c.Position;
                        Skip(ref c, a, h);
                        break;
                    case AtDeclaration:
                        declaration = a.Form switch
                        {
                            FormFlagPresent => true,
                            FormImplicitConst => a.ImplicitConst != 0,
                            FormFlag or FormData1 => c.U8() != 0,
                            _ => SkipTrue(ref c, a, h),
                        };
                        break;
                    case AtSibling when a.Size > 0 && a.Form is FormRef1 or FormRef2 or FormRef4 or FormRef8:
                        ulong rel = c.Fixed(a.Size);
                        sibling = rel < (ulong)(h.End - h.Offset) ? h.Offset + (int)rel : -1;
                        break;
                    default:
                        Skip(ref c, a, h);
                        break;
                }
            }
            if (e.HasChildren)
            {
                if (sibling > at && sibling <= h.End)
                    c.Position = sibling;
                else
                {
                    c.Position = at;
                    SkipDie(ref c, abbrevs, h);
                }
            }
            if (declaration || nameForm == 0)
                continue;
            var name = NameBytes(sections, nameForm, nameAt, h, strOffsetsBase);
            int id = wanted.Find(kind, name);
            if (id >= 0)
                hits.Add((id, at));
        }
    }

    /// <summary>A DW_AT_declaration of an unusual form: skipped and taken as set (the old index read any non-zero value).</summary>
    private static bool SkipTrue(ref DwarfCursor c, in LeanAbbreviations.Attribute a, in DwarfUnitHeader h)
    {
        int start = c.Position;
        Skip(ref c, a, h);
        foreach (byte b in c.Data[start..c.Position])
            if (b != 0)
                return true;
        return false;
    }

    /// <summary>The bytes of a DW_AT_name value (without the NUL), or empty for forms a type name never has.</summary>
    private static ReadOnlySpan<byte> NameBytes(DwarfSections sections, ushort form, int at, in DwarfUnitHeader h, ulong strOffsetsBase)
    {
        var info = sections.Info.Span;
        switch (form)
        {
            case FormString:
                return Terminated(info, (ulong)at, ".debug_info");
            case FormStrp:
                return Terminated(sections.Str.Span, Fixed(info, at, h.OffsetSize), ".debug_str");
            case FormLineStrp:
                return Terminated(sections.LineStr.Span, Fixed(info, at, h.OffsetSize), ".debug_line_str");
            case FormStrx1 or FormStrx2 or FormStrx3 or FormStrx4 or FormStrx:
                var c = new DwarfCursor(info, ".debug_info", at);
                ulong index = form switch { FormStrx1 => c.U8(), FormStrx2 => c.U16(), FormStrx3 => c.Fixed(3), FormStrx4 => c.U32(), _ => c.Uleb() };
                var table = sections.StrOffsets.Span;
                ulong entry = strOffsetsBase + index * (ulong)h.OffsetSize;
                if (index > int.MaxValue || entry + (ulong)h.OffsetSize > (ulong)table.Length)
                    throw new DumpFormatException($"corrupt DWARF in .debug_str_offsets at offset 0x{entry:x}: string index {index} of the unit at .debug_info 0x{h.Offset:x} is outside the section (0x{table.Length:x})");
                return Terminated(sections.Str.Span, Fixed(table, (int)entry, h.OffsetSize), ".debug_str");
            default:
                throw new NotSupportedException($"string form 0x{form:x} in the unit at .debug_info offset 0x{h.Offset:x}");
        }
    }

    private static ulong Fixed(ReadOnlySpan<byte> data, int at, int size) =>
        size == 8 ? BinaryPrimitives.ReadUInt64LittleEndian(data[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);

    private static ReadOnlySpan<byte> Terminated(ReadOnlySpan<byte> table, ulong offset, string section)
    {
        if (offset >= (ulong)table.Length)
            throw new DumpFormatException($"corrupt DWARF in {section} at offset 0x{offset:x}: string offset is outside the section (0x{table.Length:x})");
        var rest = table[(int)offset..];
        int end = rest.IndexOf((byte)0);
        return end < 0 ? throw new DumpFormatException($"corrupt DWARF in {section} at offset 0x{offset:x}: unterminated string") : rest[..end];
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void Skip(ref DwarfCursor c, in LeanAbbreviations.Attribute a, in DwarfUnitHeader h)
    {
        if (a.Size >= 0)
            c.Skip((ulong)a.Size);
        else
            DwarfForms.Skip(ref c, a.Form, h.Version, h.OffsetSize, h.AddressSize);
    }

    /// <summary>Skips the DIE at the cursor and its subtree (jumping by DW_AT_sibling where present); as <see cref="DwarfValues.SkipDie"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static void SkipDie(ref DwarfCursor c, LeanAbbreviations abbrevs, in DwarfUnitHeader h)
    {
        int depth = 0;
        do
        {
            int at = c.Position;
            ulong code = c.Uleb();
            if (code == 0)
            {
                depth--;
                continue;
            }
            ref readonly var e = ref abbrevs.Get(code, at);
            if (!e.HasChildren && e.FixedSize >= 0)
            {
                c.Skip((ulong)e.FixedSize);
                continue;
            }
            if (e.SiblingPrefix >= 0)
            {
                c.Skip((ulong)e.SiblingPrefix);
                ulong rel = c.Fixed(e.SiblingSize);
                int target = rel < (ulong)(h.End - h.Offset) ? h.Offset + (int)rel : -1;
                if (target > at && target <= h.End)
                {
                    c.Position = target;
                    continue;
                }
                throw c.Error($"DW_AT_sibling 0x{rel:x} points outside its unit (0x{h.Offset:x}..0x{h.End:x})", at);
            }
            int sibling = -1;
            foreach (ref readonly var a in abbrevs.Attributes(e))
            {
                if (a.Name == AtSibling && a.Form is FormRef1 or FormRef2 or FormRef4 or FormRef8 or FormRefUdata)
                {
                    ulong rel = a.Size > 0 ? c.Fixed(a.Size) : c.Uleb();
                    sibling = h.Offset + (int)Math.Min(rel, int.MaxValue / 2);
                }
                else
                    Skip(ref c, a, h);
            }
            if (e.HasChildren)
            {
                if (sibling > at && sibling <= h.End)
                    c.Position = sibling;
                else if (++depth > AnalysisLimits.Default.MaxDwarfDepth)
                    throw c.Error($"DIEs nested deeper than {AnalysisLimits.Default.MaxDwarfDepth}", at);
            }
        } while (depth > 0 && !c.AtEnd);
    }

    /// <summary>The wanted names, grouped by bare name (one id per bare name and kind), matched as UTF-8 bytes.</summary>
    private sealed class Wanted
    {
        private readonly List<(byte Kind, byte[] Name, List<string> CNames)> _items = [];
        private readonly Dictionary<ulong, List<int>> _byHash = [];

        public Wanted(IEnumerable<string> cNames)
        {
            foreach (string cName in cNames)
            {
                var (kind, bare) = cName.StartsWith("struct ", StringComparison.Ordinal) ? (KindStruct, cName[7..].Trim())
                    : cName.StartsWith("union ", StringComparison.Ordinal) ? (KindUnion, cName[6..].Trim())
                    : cName.StartsWith("enum ", StringComparison.Ordinal) ? (KindEnum, cName[5..].Trim())
                    : (KindTypedef, cName);
                byte[] bytes = Encoding.UTF8.GetBytes(bare);
                int id = Find((byte)kind, bytes);
                if (id >= 0)
                {
                    if (!_items[id].CNames.Contains(cName))
                        _items[id].CNames.Add(cName);
                    continue;
                }
                _items.Add(((byte)kind, bytes, [cName]));
                ulong hash = Hash(bytes);
                if (!_byHash.TryGetValue(hash, out var ids))
                    _byHash[hash] = ids = [];
                ids.Add(_items.Count - 1);
            }
        }

        public int Count => _items.Count;

        public IReadOnlyList<string> CNames(int id) => _items[id].CNames;

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public int Find(byte kind, ReadOnlySpan<byte> name)
        {
            if (!_byHash.TryGetValue(Hash(name), out var ids))
                return -1;
            foreach (int id in ids)
                if (_items[id].Kind == kind && name.SequenceEqual(_items[id].Name))
                    return id;
            return -1;
        }

        /// <summary>FNV-1a (names are short; a collision only costs a byte comparison).</summary>
        private static ulong Hash(ReadOnlySpan<byte> s)
        {
            ulong h = 14695981039346656037UL;
            foreach (byte b in s)
                h = unchecked((h ^ b) * 1099511628211UL); // FNV wraps by design
            return h;
        }
    }
}
