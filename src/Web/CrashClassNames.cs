using System.Reflection;
using Crashdesk.Analysis.Triage;

namespace Crashdesk.Web;

/// <summary>The engine's crash classes (<see cref="CrashClass"/>'s constants), offered by the filters of the lists.</summary>
public static class CrashClassNames
{
    public static IReadOnlyList<string> All { get; } = typeof(CrashClass)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToArray();
}
