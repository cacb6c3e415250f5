using System.Buffers;
using System.Text;
using System.Text.Json;
using Crashdesk.Analysis.Extractors.Backtrace;
using Crashdesk.Analysis.Kernel;

namespace Crashdesk.Cli.Commands;

/// <summary>`bt --json`: backtrace records with addresses as hex strings (JSON numbers lose 64-bit precision).</summary>
internal static class BacktraceJson
{
    public static string Serialize(IEnumerable<TaskBacktrace> traces)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("backtraces");
            foreach (var bt in traces)
                Write(json, bt);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter json, TaskBacktrace bt)
    {
        json.WriteStartObject();
        json.WriteNumber("pid", bt.Pid);
        json.WriteString("comm", bt.Comm);
        json.WriteNumber("cpu", bt.Cpu);
        json.WriteString("task", Hex(bt.Task));
        json.WriteBoolean("active", bt.Active);
        json.WriteString("start", bt.Start);
        if (bt.Error is not null)
            json.WriteString("error", bt.Error);
        json.WriteStartArray("frames");
        foreach (var f in bt.Frames)
        {
            json.WriteStartObject();
            json.WriteNumber("level", f.Level);
            json.WriteString("stackAddress", Hex(f.StackAddress));
            json.WriteString("function", f.Function);
            json.WriteNumber("offset", f.Offset);
            json.WriteString("returnAddress", Hex(f.ReturnAddress));
            json.WriteString("module", f.Module);
            json.WriteString("stack", f.Stack);
            if (f.LeftStack is not null)
                json.WriteString("leftStack", f.LeftStack);
            if (f.ExceptionRegisters is { } r)
                WriteRegisters(json, "exceptionRegisters", r);
            if (f.Fallback)
                json.WriteBoolean("fallback", true);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (bt.UserRegisters is { } u)
            WriteRegisters(json, "userRegisters", u);
        json.WriteEndObject();
    }

    private static void WriteRegisters(Utf8JsonWriter json, string name, X86_64Registers r)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in new (string, ulong)[]
        {
            ("rip", r.Rip), ("rsp", r.Rsp), ("rflags", r.Eflags), ("rax", r.Rax), ("rbx", r.Rbx), ("rcx", r.Rcx),
            ("rdx", r.Rdx), ("rsi", r.Rsi), ("rdi", r.Rdi), ("rbp", r.Rbp), ("r8", r.R8), ("r9", r.R9), ("r10", r.R10),
            ("r11", r.R11), ("r12", r.R12), ("r13", r.R13), ("r14", r.R14), ("r15", r.R15), ("origRax", r.OrigRax),
            ("cs", r.Cs), ("ss", r.Ss),
        })
            json.WriteString(key, Hex(value));
        json.WriteEndObject();
    }

    private static string Hex(ulong v) => v.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
