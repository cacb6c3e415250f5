namespace Crashdesk.Analysis.Unwind;

/// <summary>
/// The unwind rule of one instruction from DWARF call-frame information, reduced to what an
/// x86_64 kernel unwind needs: CFA = register + offset; return address and RBP saved at CFA +
/// offset (null = not saved in this frame, i.e. unchanged for RBP).
/// </summary>
/// <param name="CfaRegister">DWARF register number of the CFA base (7 = RSP, 6 = RBP).</param>
/// <param name="CfaOffset">Offset added to it.</param>
/// <param name="ReturnAddressOffset">Where the return address is saved, relative to the CFA.</param>
/// <param name="BpOffset">Where RBP is saved, relative to the CFA, if it is.</param>
public sealed record CfiRow(int CfaRegister, long CfaOffset, long? ReturnAddressOffset, long? BpOffset)
{
    /// <summary>DWARF number of RSP on x86_64 (System V psABI table 3.36).</summary>
    public const int Rsp = 7;

    /// <summary>DWARF number of RBP.</summary>
    public const int Rbp = 6;

    /// <summary>DWARF number of the return-address column.</summary>
    public const int ReturnAddress = 16;
}
