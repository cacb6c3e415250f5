using System.Text;

namespace Crashdesk.Analysis.Types;

/// <summary>
/// Prints C declarations the way crash's embedded gdb 10 `ptype` does (gdb `c-typeprint.c`:
/// `c_print_type`, `c_type_print_base_struct_union`, `c_type_print_args`): four spaces per nesting
/// level, named types by name, anonymous struct/union/enum types expanded at every depth (crash's
/// gdb prints nested anonymous aggregates in full), base type names in gdb's spelling.
/// </summary>
public static class GdbTypePrinter
{
    /// <summary>The `ptype struct X` body: "struct X {", member lines, "}" (no "type = ").</summary>
    public static IReadOnlyList<string> Body(KernelType type)
    {
        var lines = new List<string>();
        var first = new StringBuilder();
        first.Append(Keyword(type)).Append(' ');
        if (type.Name is not null)
            first.Append(type.Name).Append(' ');
        first.Append('{');
        lines.Add(first.ToString());
        AppendMembers(type, 4, lines, 0);
        lines.Add("}");
        return lines;
    }

    /// <summary>A one-line declaration of <paramref name="type"/> named <paramref name="name"/> (empty for an abstract declarator).</summary>
    public static string Declaration(KernelType type, string name)
    {
        var lines = new List<string>();
        string text = Declare(type, name, "", 0, lines, 0);
        return text;
    }

    /// <summary>gdb's spelling of a DWARF base type name ("long unsigned int" → "unsigned long").</summary>
    public static string BaseName(string name) => name switch
    {
        "long unsigned int" => "unsigned long",
        "long int" => "long",
        "short unsigned int" => "unsigned short",
        "short int" => "short",
        "long long int" => "long long",
        "long long unsigned int" => "unsigned long long",
        "__int128 unsigned" => "unsigned __int128",
        _ => name,
    };

    private static string Keyword(KernelType t) => t.Kind switch
    {
        KernelTypeKind.Union => "union",
        KernelTypeKind.Enum => "enum",
        _ => "struct",
    };

    private static void AppendMembers(KernelType type, int level, List<string> lines, int depth)
    {
        if (depth > AnalysisLimits.Default.MaxTypeChain)
            throw new DumpFormatException($"{type}: anonymous members nest deeper than {AnalysisLimits.Default.MaxTypeChain}");
        foreach (var m in type.Members)
        {
            var sb = new StringBuilder();
            sb.Append(' ', level);
            // Multi-line members (anonymous aggregates) add their inner lines before the closing line.
            var inner = new List<string>();
            string decl = Declare(m.Type, m.Name ?? "", "", level, inner, depth + 1);
            if (inner.Count > 0)
            {
                lines.Add(sb + inner[0]);
                lines.AddRange(inner.Skip(1));
                sb.Clear().Append(' ', level);
            }
            sb.Append(decl);
            if (m.IsBitfield)
                sb.Append(" : ").Append(m.BitSize);
            sb.Append(';');
            lines.Add(sb.ToString());
        }
    }

    /// <summary>
    /// Builds "base declarator". For an anonymous aggregate the lines before its closing brace are
    /// put in <paramref name="openLines"/> and the return value starts with "}".
    /// </summary>
    private static string Declare(KernelType type, string declarator, string qualifiers, int level, List<string> openLines, int depth)
    {
        for (int guard = 0; guard < AnalysisLimits.Default.MaxTypeChain; guard++)
        {
            switch (type.Kind)
            {
                case KernelTypeKind.Const or KernelTypeKind.Volatile or KernelTypeKind.Restrict or KernelTypeKind.Atomic:
                    string q = type.Kind switch { KernelTypeKind.Const => "const", KernelTypeKind.Volatile => "volatile", KernelTypeKind.Restrict => "restrict", _ => "_Atomic" };
                    var under = type.Target ?? KernelType.Void;
                    if (under.Kind == KernelTypeKind.Pointer)
                    {
                        // gdb: "char * const p" — the qualifier follows the star.
                        declarator = declarator.Length == 0 ? " " + q : " " + q + " " + declarator;
                        type = PointerStep(under, ref declarator);
                        continue;
                    }
                    qualifiers = qualifiers.Length == 0 ? q + " " : qualifiers + q + " ";
                    type = under;
                    continue;
                case KernelTypeKind.Pointer:
                    type = PointerStep(type, ref declarator);
                    continue;
                case KernelTypeKind.Array:
                    var dims = new StringBuilder(declarator);
                    foreach (var d in type.Dimensions)
                        dims.Append('[').Append(d?.ToString() ?? "").Append(']');
                    if (type.Dimensions.Count == 0)
                        dims.Append("[]");
                    declarator = dims.ToString();
                    type = type.Target ?? KernelType.Void;
                    continue;
                case KernelTypeKind.Function:
                    declarator = declarator + "(" + Arguments(type) + ")";
                    type = type.Target ?? KernelType.Void;
                    continue;
                default:
                    string text = qualifiers + BaseText(type, level, openLines, depth);
                    return declarator.Length == 0 ? text : text + " " + declarator;
            }
        }
        throw new DumpFormatException($"type chain deeper than {AnalysisLimits.Default.MaxTypeChain}");
    }

    private static KernelType PointerStep(KernelType pointer, ref string declarator)
    {
        var target = pointer.Target ?? KernelType.Void;
        declarator = "*" + declarator;
        var stripped = target;
        for (int i = 0; i < AnalysisLimits.Default.MaxTypeChain && stripped.Kind is KernelTypeKind.Const or KernelTypeKind.Volatile; i++)
            stripped = stripped.Target ?? KernelType.Void;
        if (stripped.Kind is KernelTypeKind.Function or KernelTypeKind.Array)
            declarator = "(" + declarator + ")";
        return target;
    }

    private static string Arguments(KernelType function)
    {
        var parameters = function.Parameters;
        var sb = new StringBuilder();
        for (int i = 0; i < parameters.Count; i++)
        {
            if (i > 0)
                sb.Append(", ");
            sb.Append(Declaration(parameters[i], ""));
        }
        if (parameters.Count > 0 && function.IsVariadic)
            sb.Append(", ...");
        else if (parameters.Count == 0 && function.IsPrototyped)
            sb.Append("void");
        return sb.ToString();
    }

    private static string BaseText(KernelType type, int level, List<string> openLines, int depth)
    {
        switch (type.Kind)
        {
            case KernelTypeKind.Void:
                return type.Name ?? "void";
            case KernelTypeKind.Base:
                return BaseName(type.Name ?? "?");
            case KernelTypeKind.Typedef:
                return type.Name ?? "?";
            case KernelTypeKind.Enum when type.Name is null:
                var values = new StringBuilder("enum {");
                long next = 0;
                for (int i = 0; i < type.Enumerators.Count; i++)
                {
                    var e = type.Enumerators[i];
                    if (i > 0)
                        values.Append(", ");
                    values.Append(e.Name);
                    if (e.Value != next)
                        values.Append(" = ").Append(e.Value);
                    next = e.Value + 1;
                }
                return values.Append('}').ToString();
            case KernelTypeKind.Struct or KernelTypeKind.Union when type.Name is null:
                openLines.Add(Keyword(type) + " {");
                AppendMembers(type, level + 4, openLines, depth);
                return new string(' ', 0) + "}";
            default:
                return Keyword(type) + " " + type.Name;
        }
    }
}
