using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Crashdesk.Core.Environments;
using Crashdesk.Core.Environments.Sosreport;

namespace Crashdesk.Core.Tests.Environments.Sosreport;

/// <summary>
/// The reader cannot extract: no method of Environments.Sosreport (or the package-list parser) names
/// a file-system type, a temporary path, or SharpCompress's extract-to-disk helpers. Read from the
/// compiled IL (every call, newobj, ldftn and type token), so a comment or a string cannot fool it.
/// </summary>
public sealed class ReaderWritesNothingTests
{
    private static readonly string[] Forbidden =
    [
        "System.IO.File", "System.IO.FileInfo", "System.IO.Directory", "System.IO.DirectoryInfo", "System.IO.FileStream",
        "System.IO.FileSystemInfo", "System.IO.FileSystemWatcher", "System.IO.StreamWriter", "System.IO.RandomAccess",
        "System.IO.Path::GetTempPath", "System.IO.Path::GetTempFileName", "System.IO.Path::GetRandomFileName",
        "System.IO.MemoryMappedFiles.", "System.IO.Compression.ZipFile", "System.IO.Compression.ZipFileExtensions",
        "SharpCompress.Readers.IReaderExtensions", "SharpCompress.Readers.IAsyncReaderExtensions", "SharpCompress.Common.ExtractionOptions",
        "SharpCompress.Archives.", "System.Diagnostics.Process",
    ];

    [Fact]
    public void The_sosreport_reader_names_no_file_system_api()
    {
        var used = ReferencedMembers(typeof(SosreportReader).Assembly.Location,
            t => t.StartsWith("Crashdesk.Core.Environments.Sosreport.", StringComparison.Ordinal) || t == typeof(PackageListParser).FullName);

        // The scan sees what the reader does use, or it proves nothing.
        Assert.Contains(used, u => u.StartsWith("SharpCompress.Compressors.Xz.XZStream::", StringComparison.Ordinal));
        Assert.Contains(used, u => u.StartsWith("System.IO.Compression.GZipStream::", StringComparison.Ordinal));
        Assert.Contains(used, u => u.StartsWith("System.IO.Stream::ReadAsync", StringComparison.Ordinal));
        var bad = used.Where(u => Forbidden.Any(f => u.StartsWith(f, StringComparison.Ordinal) && (f.EndsWith('.') || f.Contains("::") || u[f.Length..].StartsWith("::", StringComparison.Ordinal)))).ToList();
        Assert.True(bad.Count == 0, "the reader names: " + string.Join(", ", bad));
    }

    /// <summary>"Namespace.Type::Member" of every member reference in the IL of the types <paramref name="owned"/> accepts (nested types count as their outermost).</summary>
    private static HashSet<string> ReferencedMembers(string assembly, Func<string, bool> owned)
    {
        using var pe = new PEReader(File.OpenRead(assembly));
        var md = pe.GetMetadataReader();
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in md.TypeDefinitions)
        {
            var outer = handle;
            while (md.GetTypeDefinition(outer).GetDeclaringType() is { IsNil: false } declaring)
                outer = declaring;
            if (!owned(TypeName(md, outer)))
                continue;
            foreach (var methodHandle in md.GetTypeDefinition(handle).GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0)
                    continue;
                foreach (int token in Tokens(pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes()!))
                    if (Describe(md, MetadataTokens.EntityHandle(token)) is { } name)
                        found.Add(name);
            }
        }
        return found;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields()
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The metadata tokens the IL's instructions carry (ECMA-335 §III: the operand types).</summary>
    private static IEnumerable<int> Tokens(byte[] il)
    {
        for (int i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineType or OperandType.InlineTok or OperandType.InlineField:
                    yield return BitConverter.ToInt32(il, i);
                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + 4 * BitConverter.ToInt32(il, i);
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineNone:
                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }

    private static string? Describe(MetadataReader md, EntityHandle handle) => handle.Kind switch
    {
        HandleKind.MemberReference => Parent(md, md.GetMemberReference((MemberReferenceHandle)handle).Parent) is { } parent
            ? $"{parent}::{md.GetString(md.GetMemberReference((MemberReferenceHandle)handle).Name)}" : null,
        HandleKind.MethodSpecification => Describe(md, md.GetMethodSpecification((MethodSpecificationHandle)handle).Method),
        HandleKind.TypeReference => TypeName(md, (TypeReferenceHandle)handle) + "::",
        _ => null,
    };

    private static string? Parent(MetadataReader md, EntityHandle parent) => parent.Kind switch
    {
        HandleKind.TypeReference => TypeName(md, (TypeReferenceHandle)parent),
        HandleKind.TypeSpecification => GenericTypeName(md, (TypeSpecificationHandle)parent),
        _ => null,
    };

    /// <summary>The generic type of an instantiation's signature (GENERICINST, then the type's token).</summary>
    private static string? GenericTypeName(MetadataReader md, TypeSpecificationHandle handle)
    {
        var blob = md.GetBlobReader(md.GetTypeSpecification(handle).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
            return null;
        blob.ReadSignatureTypeCode();
        var type = blob.ReadTypeHandle();
        return type.Kind == HandleKind.TypeReference ? TypeName(md, (TypeReferenceHandle)type) : null;
    }

    private static string TypeName(MetadataReader md, TypeReferenceHandle handle)
    {
        var type = md.GetTypeReference(handle);
        string name = md.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
            return TypeName(md, (TypeReferenceHandle)type.ResolutionScope) + "+" + name;
        string ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : $"{ns}.{name}";
    }

    private static string TypeName(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        string ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? md.GetString(type.Name) : $"{ns}.{md.GetString(type.Name)}";
    }
}
