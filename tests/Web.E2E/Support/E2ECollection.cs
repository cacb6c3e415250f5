namespace Crashdesk.Web.E2E.Support;

/// <summary>One server and one browser for every E2E test class (starting them is the slow part).</summary>
[CollectionDefinition(Name)]
public sealed class E2ECollection : ICollectionFixture<CrashdeskApp>, ICollectionFixture<Browser>
{
    public const string Name = "e2e";
}
