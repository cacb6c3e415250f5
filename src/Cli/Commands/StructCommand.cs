using Crashdesk.Analysis;
using Crashdesk.Analysis.Types;

namespace Crashdesk.Cli.Commands;

/// <summary>
/// `crashdesk struct <type> [-o] (--vmlinux F | --profile F)`: a structure's layout like crash's
/// `struct` / `struct -o` (member offsets in brackets, then SIZE).
/// </summary>
internal sealed class StructCommand : ICliCommand
{
    public string Name => "struct";

    public string Summary => "print a kernel struct like crash's `struct [-o]` (--vmlinux F or --profile F)";

    public int Run(CliArguments arguments, TextWriter output, TextWriter error)
    {
        if (arguments.Positionals.Count != 1)
        {
            error.WriteLine("usage: crashdesk struct <type> [-o] (--vmlinux F | --profile F)");
            return 2;
        }
        string name = arguments.Positionals[0];
        try
        {
            using var kernel = DebugInfoLoader.Load(arguments, error);
            if (kernel is null)
                return 2;
            if (!TryFind(kernel.Info.Types, name, out var type))
            {
                // crash's own wording (symbols.c, datatype_info error path).
                output.WriteLine($"struct: invalid data structure reference: {name}");
                return 1;
            }
            if (arguments.Has("-o"))
                output.Write(CrashStructFormatter.Format(type));
            else
            {
                foreach (string line in GdbTypePrinter.Body(type))
                    output.WriteLine(line);
                output.WriteLine($"SIZE: {type.Size}");
            }
            return 0;
        }
        catch (Exception e) when (e is DumpFormatException or NotSupportedException)
        {
            error.WriteLine($"crashdesk struct: {e.Message}");
            return 1;
        }
    }

    private static bool TryFind(IKernelTypeSource types, string name, out KernelType type)
    {
        string bare = name.StartsWith("struct ", StringComparison.Ordinal) ? name[7..] : name.StartsWith("union ", StringComparison.Ordinal) ? name[6..] : name;
        if (!name.StartsWith("union ", StringComparison.Ordinal) && types.TryFindType("struct " + bare, out type))
            return true;
        return types.TryFindType("union " + bare, out type);
    }
}
