namespace Crashdesk.Analysis.Types;

/// <summary>The kinds of C type the engine models (DWARF and BTF both map onto these).</summary>
public enum KernelTypeKind : byte
{
    /// <summary>`void` (also a pointer's or function's missing target).</summary>
    Void,
    /// <summary>Integer, character, boolean or floating base type.</summary>
    Base,
    /// <summary>`struct`.</summary>
    Struct,
    /// <summary>`union`.</summary>
    Union,
    /// <summary>`enum`.</summary>
    Enum,
    /// <summary>`typedef`.</summary>
    Typedef,
    /// <summary>Pointer to <see cref="KernelType.Target"/>.</summary>
    Pointer,
    /// <summary>Array of <see cref="KernelType.Target"/> with <see cref="KernelType.Dimensions"/>.</summary>
    Array,
    /// <summary>`const` qualifier.</summary>
    Const,
    /// <summary>`volatile` qualifier.</summary>
    Volatile,
    /// <summary>`restrict` qualifier.</summary>
    Restrict,
    /// <summary>`_Atomic` qualifier.</summary>
    Atomic,
    /// <summary>Function type (return type in <see cref="KernelType.Target"/>).</summary>
    Function,
}
