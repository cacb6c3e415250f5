using Crashdesk.Core.Domain;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crashdesk.Core.Data.Configurations;

/// <summary>An <see cref="ArtifactKind"/> column: its wire name (<see cref="ArtifactKinds"/>), in every table that holds one.</summary>
internal static class ArtifactKindColumn
{
    public static PropertyBuilder<ArtifactKind> AsKindName(this PropertyBuilder<ArtifactKind> property, string table) =>
        property.HasMaxLength(20).HasConversion(k => ArtifactKinds.ToName(k), s => Parse(s, table));

    private static ArtifactKind Parse(string name, string table) =>
        ArtifactKinds.TryParse(name, out var kind) ? kind : throw new InvalidOperationException($"{table}.kind holds unknown value '{name}'");
}
