namespace Crashdesk.Analysis.Types;

/// <summary>One enumeration constant.</summary>
/// <param name="Name">Constant name.</param>
/// <param name="Value">Its value (unsigned enumerations above long.MaxValue wrap).</param>
public sealed record KernelEnumerator(string Name, long Value);
