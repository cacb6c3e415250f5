using System.Buffers.Binary;
using Crashdesk.Analysis.Binary;

namespace Crashdesk.Analysis.Unwind;

/// <summary>
/// Runs the DW_CFA_* programs of one CIE and FDE up to a target address (DWARF 5 §6.4.2),
/// tracking the CFA rule and the RBP and return-address columns only. Expressions
/// (DW_CFA_def_cfa_expression) make the row unusable.
/// </summary>
internal static class CfiProgram
{
    public static bool TryRun(ReadOnlySpan<byte> s, int fdeOffset, ulong target, out CfiRow row)
    {
        row = null!;
        uint fdeLength = BinaryPrimitives.ReadUInt32LittleEndian(s[fdeOffset..]);
        int cieOffset = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(s[(fdeOffset + 4)..]));
        ulong location = BinaryPrimitives.ReadUInt64LittleEndian(s[(fdeOffset + 8)..]);
        int fdeEnd = fdeOffset + 4 + (int)fdeLength;

        // CIE: length, id, version, augmentation, [address_size, segment_size (v4)], code and data alignment, RA register.
        uint cieLength = BinaryPrimitives.ReadUInt32LittleEndian(s[cieOffset..]);
        int cieEnd = cieOffset + 4 + (int)cieLength;
        int p = cieOffset + 8;
        byte version = s[p++];
        int augStart = p;
        while (s[p] != 0) p++;
        bool hasAugmentation = p > augStart;
        p++;
        if (hasAugmentation)
            return false; // .debug_frame CIEs of the kernel carry no augmentation
        if (version >= 4)
            p += 2;
        ulong codeAlign = Leb128.ReadUnsigned(s, ref p);
        long dataAlign = Leb128.ReadSigned(s, ref p);
        if (version == 1) p++; else Leb128.ReadUnsigned(s, ref p);

        var state = new State { CfaRegister = CfiRow.Rsp, CfaOffset = 8, Ra = -8 };
        var initial = state;
        var stack = new Stack<State>();
        if (!Execute(s[p..cieEnd], ref state, ref initial, stack, codeAlign, dataAlign, ref location, ulong.MaxValue, isCie: true))
            return false;
        initial = state;
        if (!Execute(s[(fdeOffset + 24)..fdeEnd], ref state, ref initial, stack, codeAlign, dataAlign, ref location, target, isCie: false))
            return false;
        if (state.CfaRegister < 0)
            return false;
        row = new CfiRow(state.CfaRegister, state.CfaOffset, state.Ra, state.Bp);
        return true;
    }

    private struct State
    {
        public int CfaRegister;
        public long CfaOffset;
        public long? Ra;
        public long? Bp;
    }

    private static bool Execute(ReadOnlySpan<byte> code, ref State st, ref State initial, Stack<State> stack, ulong codeAlign, long dataAlign, ref ulong location, ulong target, bool isCie)
    {
        int p = 0;
        while (p < code.Length)
        {
            byte op = code[p++];
            int high = op & 0xc0, low = op & 0x3f;
            if (high == 0x40)
            {
                location += (ulong)low * codeAlign;
                if (!isCie && location > target) return true;
                continue;
            }
            if (high == 0x80) { SetOffset(ref st, low, (long)Leb128.ReadUnsigned(code, ref p) * dataAlign); continue; }
            if (high == 0xc0) { Restore(ref st, initial, low); continue; }
            switch (op)
            {
                case 0x00: break;
                case 0x01: location = BinaryPrimitives.ReadUInt64LittleEndian(code[p..]); p += 8; if (!isCie && location > target) return true; break;
                case 0x02: location += code[p] * codeAlign; p += 1; if (!isCie && location > target) return true; break;
                case 0x03: location += BinaryPrimitives.ReadUInt16LittleEndian(code[p..]) * codeAlign; p += 2; if (!isCie && location > target) return true; break;
                case 0x04: location += BinaryPrimitives.ReadUInt32LittleEndian(code[p..]) * codeAlign; p += 4; if (!isCie && location > target) return true; break;
                case 0x05: { int r = (int)Leb128.ReadUnsigned(code, ref p); SetOffset(ref st, r, (long)Leb128.ReadUnsigned(code, ref p) * dataAlign); break; }
                case 0x06: Restore(ref st, initial, (int)Leb128.ReadUnsigned(code, ref p)); break;
                case 0x07 or 0x08: { int r = (int)Leb128.ReadUnsigned(code, ref p); Clear(ref st, r); break; }
                case 0x09: { int r = (int)Leb128.ReadUnsigned(code, ref p); Leb128.ReadUnsigned(code, ref p); if (r is CfiRow.Rbp or CfiRow.ReturnAddress) return false; break; }
                case 0x0a: stack.Push(st); break;
                case 0x0b: if (stack.Count == 0) return false; st = stack.Pop(); break;
                case 0x0c: st.CfaRegister = (int)Leb128.ReadUnsigned(code, ref p); st.CfaOffset = (long)Leb128.ReadUnsigned(code, ref p); break;
                case 0x0d: st.CfaRegister = (int)Leb128.ReadUnsigned(code, ref p); break;
                case 0x0e: st.CfaOffset = (long)Leb128.ReadUnsigned(code, ref p); break;
                case 0x0f: { ulong len = Leb128.ReadUnsigned(code, ref p); p += (int)len; st.CfaRegister = -1; break; }
                case 0x10 or 0x16: { int r = (int)Leb128.ReadUnsigned(code, ref p); ulong len = Leb128.ReadUnsigned(code, ref p); p += (int)len; if (r is CfiRow.Rbp or CfiRow.ReturnAddress) return false; break; }
                case 0x11: { int r = (int)Leb128.ReadUnsigned(code, ref p); SetOffset(ref st, r, Leb128.ReadSigned(code, ref p) * dataAlign); break; }
                case 0x12: st.CfaRegister = (int)Leb128.ReadUnsigned(code, ref p); st.CfaOffset = Leb128.ReadSigned(code, ref p) * dataAlign; break;
                case 0x13: st.CfaOffset = Leb128.ReadSigned(code, ref p) * dataAlign; break;
                case 0x14 or 0x15: { int r = (int)Leb128.ReadUnsigned(code, ref p); if (op == 0x14) Leb128.ReadUnsigned(code, ref p); else Leb128.ReadSigned(code, ref p); if (r is CfiRow.Rbp or CfiRow.ReturnAddress) return false; break; }
                case 0x2e: Leb128.ReadUnsigned(code, ref p); break;
                case 0x2f: { int r = (int)Leb128.ReadUnsigned(code, ref p); SetOffset(ref st, r, -(long)Leb128.ReadUnsigned(code, ref p) * dataAlign); break; }
                default: return false;
            }
        }
        return true;
    }

    private static void SetOffset(ref State st, int register, long offset)
    {
        if (register == CfiRow.Rbp) st.Bp = offset;
        else if (register == CfiRow.ReturnAddress) st.Ra = offset;
    }

    private static void Clear(ref State st, int register)
    {
        if (register == CfiRow.Rbp) st.Bp = null;
        else if (register == CfiRow.ReturnAddress) st.Ra = null;
    }

    private static void Restore(ref State st, State initial, int register)
    {
        if (register == CfiRow.Rbp) st.Bp = initial.Bp;
        else if (register == CfiRow.ReturnAddress) st.Ra = initial.Ra;
    }
}
