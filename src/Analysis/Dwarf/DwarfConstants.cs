namespace Crashdesk.Analysis.Dwarf;

/// <summary>DW_TAG_*, DW_AT_* and DW_FORM_* values used here (DWARF 5 standard, sections 7.5.3–7.5.6).</summary>
internal static class DwarfConstants
{
    public const ushort TagArrayType = 0x01, TagEnumerationType = 0x04, TagFormalParameter = 0x05, TagMember = 0x0d,
        TagPointerType = 0x0f, TagCompileUnit = 0x11, TagStructureType = 0x13, TagSubroutineType = 0x15, TagTypedef = 0x16,
        TagUnionType = 0x17, TagUnspecifiedParameters = 0x18, TagSubrangeType = 0x21, TagBaseType = 0x24, TagConstType = 0x26,
        TagEnumerator = 0x28, TagSubprogram = 0x2e, TagVariable = 0x34, TagVolatileType = 0x35, TagRestrictType = 0x37,
        TagUnspecifiedType = 0x3b, TagPartialUnit = 0x3c, TagAtomicType = 0x47;

    public const ushort AtSibling = 0x01, AtName = 0x03, AtByteSize = 0x0b, AtBitOffset = 0x0c, AtBitSize = 0x0d, AtStmtList = 0x10, AtLanguage = 0x13, AtCompDir = 0x1b,
        AtConstValue = 0x1c, AtPrototyped = 0x27, AtUpperBound = 0x2f, AtCount = 0x37, AtDataMemberLocation = 0x38,
        AtDeclaration = 0x3c, AtEncoding = 0x3e, AtType = 0x49, AtDataBitOffset = 0x6b, AtStrOffsetsBase = 0x72, AtAddrBase = 0x73;

    public const ushort FormAddr = 0x01, FormBlock2 = 0x03, FormBlock4 = 0x04, FormData2 = 0x05, FormData4 = 0x06,
        FormData8 = 0x07, FormString = 0x08, FormBlock = 0x09, FormBlock1 = 0x0a, FormData1 = 0x0b, FormFlag = 0x0c,
        FormSdata = 0x0d, FormStrp = 0x0e, FormUdata = 0x0f, FormRefAddr = 0x10, FormRef1 = 0x11, FormRef2 = 0x12,
        FormRef4 = 0x13, FormRef8 = 0x14, FormRefUdata = 0x15, FormIndirect = 0x16, FormSecOffset = 0x17, FormExprloc = 0x18,
        FormFlagPresent = 0x19, FormStrx = 0x1a, FormAddrx = 0x1b, FormRefSup4 = 0x1c, FormStrpSup = 0x1d, FormData16 = 0x1e,
        FormLineStrp = 0x1f, FormRefSig8 = 0x20, FormImplicitConst = 0x21, FormLoclistx = 0x22, FormRnglistx = 0x23,
        FormRefSup8 = 0x24, FormStrx1 = 0x25, FormStrx2 = 0x26, FormStrx3 = 0x27, FormStrx4 = 0x28, FormAddrx1 = 0x29,
        FormAddrx2 = 0x2a, FormAddrx3 = 0x2b, FormAddrx4 = 0x2c, FormGnuAddrIndex = 0x1f01, FormGnuStrIndex = 0x1f02,
        FormGnuRefAlt = 0x1f20, FormGnuStrpAlt = 0x1f21;

    /// <summary>DW_OP_plus_uconst: DWARF 2-style member locations are `DW_OP_plus_uconst N`.</summary>
    public const byte OpPlusUconst = 0x23;
}
