using System.Text.Json;
using Crashdesk.Analysis.Context;
using Crashdesk.Analysis.Context.Modules;

namespace Crashdesk.Cli.Commands;

/// <summary>
/// `crashdesk mod &lt;dump&gt; [--vmlinux F | --profile F] [--json]`: crash's `mod`, the loaded modules
/// with their `struct module` address, name, base and size. Without a debug kernel the layout of
/// `struct module` comes from the kernel's BTF in the dump.
/// </summary>
internal sealed class ModCommand : ICliCommand
{
    public string Name => "mod";

    public string Summary => "crash's `mod`: loaded modules (MODULE, NAME, BASE, SIZE), taints and state in --json (--vmlinux F)";

    public int Run(CliArguments arguments, TextWriter output, TextWriter error) =>
        KernelCommandRunner.Run(Name, arguments, error, session =>
        {
            var context = KernelContextFactory.Create(session.Target, session.DebugInfo);
            if (context.ModuleProblem is { } problem)
                error.WriteLine($"crashdesk mod: {problem}");
            if (context.Modules.Count == 0 && context.ModuleProblem is not null && context.ModuleProblem.StartsWith("module list not read", StringComparison.Ordinal))
                return 1;
            if (arguments.Has("--json"))
                output.WriteLine(JsonSerializer.Serialize(new ModJson(context.Modules, context.SymbolOrigin, context.TypeOrigin), CliJsonContext.Default.ModJson));
            else
                output.Write(ModuleListText.Format(context.Modules, context.Types.SizeOf("module_memory") is not null));
            return 0;
        });
}
