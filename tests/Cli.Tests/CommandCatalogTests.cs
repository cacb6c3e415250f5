namespace Crashdesk.Cli.Tests;

/// <summary>The explicit command list must stay complete, unique and sorted.</summary>
public class CommandCatalogTests
{
    [Fact]
    public void Lists_every_command_class_once_sorted_by_name()
    {
        var classes = typeof(CommandCatalog).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(ICliCommand).IsAssignableFrom(t))
            .Select(t => t.FullName).Order(StringComparer.Ordinal).ToArray();
        var listed = CommandCatalog.All.Select(c => c.GetType().FullName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(classes, listed);
        var names = CommandCatalog.All.Select(c => c.Name).ToArray();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Theory]
    [InlineData("profile build x", "profile build", 2)]
    [InlineData("profile info", "profile info", 2)]
    [InlineData("log dump", "log", 1)]
    [InlineData("kmem-i", "kmem-i", 1)]
    public void Finds_the_longest_matching_name(string commandLine, string expected, int words)
    {
        var (command, used) = CommandCatalog.Find(commandLine.Split(' '));
        Assert.Equal(expected, command?.Name);
        Assert.Equal(words, used);
    }

    [Theory]
    [InlineData("")]
    [InlineData("profile")]
    [InlineData("logs")]
    [InlineData("--help")]
    public void Finds_nothing_for_unknown_words(string commandLine) =>
        Assert.Null(CommandCatalog.Find(commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Command);
}
