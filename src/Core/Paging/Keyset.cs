using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;

namespace Crashdesk.Core.Paging;

/// <summary>
/// A list's order as keyset (seek) pagination needs it: sort keys, each ascending or descending, the last one unique
/// (the row's id) so that every row has one place. <see cref="Order"/> sorts by them (a nullable key with its NULLs
/// last in either direction, as <c>ORDER BY k IS NULL, k</c>); <see cref="After"/> keeps the rows that come after a
/// position in that order — the expansion of a row-value comparison <c>(k1, k2, id) &gt; (v1, v2, i)</c> into
/// <c>k1 &gt; v1 OR (k1 = v1 AND (k2 &gt; v2 OR (k2 = v2 AND id &gt; i)))</c>, with &lt; for a descending key and
/// NULL as greater than every value (PostgreSQL's row comparison cannot mix directions or order NULLs, hence the
/// expansion: "Indexes and ORDER BY", PostgreSQL 15 manual §11.4; Markus Winand, "We need tool support for keyset
/// pagination", use-the-index-luke.com/no-offset). Works on EF Core queries (translated to SQL, values as
/// parameters) and on in-memory lists (<c>AsQueryable()</c>), the same expression either way.
/// </summary>
public sealed class Keyset<T>
{
    private readonly List<SortKey> _keys = [];

    private Keyset() { }

    public static Keyset<T> By<TKey>(Expression<Func<T, TKey>> key, bool descending = false) => new Keyset<T>().ThenBy(key, descending);

    public Keyset<T> ThenBy<TKey>(Expression<Func<T, TKey>> key, bool descending = false)
    {
        _keys.Add(new SortKey(key, typeof(TKey), descending, key.Compile()));
        return this;
    }

    public int KeyCount => _keys.Count;

    public IQueryable<T> Order(IQueryable<T> rows)
    {
        IOrderedQueryable<T>? ordered = null;
        foreach (var key in _keys)
        {
            if (key.IsNullable)
                ordered = Then(rows, ordered, NullTest(key), descending: false);
            ordered = Then(rows, ordered, key.Selector, key.Descending);
        }
        return ordered ?? rows;
    }

    /// <summary>The rows after <paramref name="position"/> (keys as <see cref="PositionOf"/> made them).</summary>
    public IQueryable<T> After(IQueryable<T> rows, IReadOnlyList<object?> position)
    {
        if (position.Count != _keys.Count)
            throw new InvalidCursorException("The cursor does not fit this list's order; start again without cursor.");
        var row = Expression.Parameter(typeof(T), "row");
        Expression? after = null;
        for (int i = _keys.Count - 1; i >= 0; i--)
        {
            var key = Rebind(_keys[i].Selector, row);
            var value = Boxed(position[i], _keys[i].Type);
            var beyond = Beyond(_keys[i], key, value, position[i] is null);
            after = after is null ? beyond : Expression.OrElse(beyond, Expression.AndAlso(Equal(_keys[i], key, value, position[i] is null), after));
        }
        // A first key that is never NULL also bounds the rows on its own (k1 >= v1): the same rows, but a condition an
        // index on k1 can start its range scan from, where the OR alone would have it read from the start.
        if (!_keys[0].IsNullable && position[0] is not null)
        {
            var first = Rebind(_keys[0].Selector, row);
            var value = Boxed(position[0], _keys[0].Type);
            after = Expression.AndAlso(Compare(_keys[0], first, value, orEqual: true), after!);
        }
        return rows.Where(Expression.Lambda<Func<T, bool>>(after!, row));
    }

    public IReadOnlyList<JsonElement> PositionOf(T row) =>
        [.. _keys.Select(k => JsonSerializer.SerializeToElement(k.Compiled.DynamicInvoke(row), k.Type))];

    /// <summary>The keys of a decoded cursor as this order's types; a key of the wrong type is an invalid cursor.</summary>
    public IReadOnlyList<object?> Read(IReadOnlyList<JsonElement> keys)
    {
        if (keys.Count != _keys.Count)
            throw new InvalidCursorException("The cursor does not fit this list's order; start again without cursor.");
        try
        {
            return [.. _keys.Select((k, i) => keys[i].Deserialize(k.Type))];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
        {
            throw new InvalidCursorException("The cursor does not fit this list's order; start again without cursor.");
        }
    }

    /// <summary>NULL sorts after every value: beyond a value are the greater (smaller, descending) values and NULL; beyond NULL, nothing.</summary>
    private static Expression Beyond(SortKey key, Expression column, Expression value, bool valueIsNull)
    {
        if (valueIsNull)
            return Expression.Constant(false);
        var compared = Compare(key, column, value);
        return key.IsNullable ? Expression.OrElse(Expression.Equal(column, Expression.Constant(null, column.Type)), compared) : compared;
    }

    private static Expression Equal(SortKey key, Expression column, Expression value, bool valueIsNull)
    {
        if (valueIsNull)
            return Expression.Equal(column, Expression.Constant(null, column.Type));
        // Strings tie as the comparer that orders them says (LINQ to Objects: the culture's, where "equal" is not
        // always ordinal ==); EF Core translates string.Compare(a, b) == 0 to a = b, which PostgreSQL's collations keep
        // consistent with their order.
        return key.Type == typeof(string)
            ? Expression.Equal(Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, column, value),
                Expression.Constant(0))
            : Expression.Equal(column, value);
    }

    private static Expression Compare(SortKey key, Expression column, Expression value, bool orEqual = false)
    {
        var type = Nullable.GetUnderlyingType(key.Type) ?? key.Type;
        // string and Guid have no < operator in C#: string.Compare / CompareTo against 0 is what EF Core translates
        // to SQL's < and > (and what LINQ to Objects evaluates with the same comparer as OrderBy).
        Expression? comparison = type == typeof(string)
            ? Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, column, value)
            : type == typeof(Guid)
                ? Expression.Call(Unwrap(column), typeof(Guid).GetMethod(nameof(Guid.CompareTo), [typeof(Guid)])!, Unwrap(value))
                : null;
        var (left, right) = comparison is null ? (column, value) : (comparison, (Expression)Expression.Constant(0));
        return (key.Descending, orEqual) switch
        {
            (true, false) => Expression.LessThan(left, right),
            (true, true) => Expression.LessThanOrEqual(left, right),
            (false, false) => Expression.GreaterThan(left, right),
            (false, true) => Expression.GreaterThanOrEqual(left, right),
        };
    }

    private static Expression Unwrap(Expression e) => Nullable.GetUnderlyingType(e.Type) is { } inner ? Expression.Convert(e, inner) : e;

    /// <summary>The value as a member of a constant object: EF Core sends it as a query parameter, not a literal.</summary>
    private static Expression Boxed(object? value, Type type)
    {
        var box = Activator.CreateInstance(typeof(KeysetValue<>).MakeGenericType(type), value)!;
        return Expression.Property(Expression.Constant(box), nameof(KeysetValue<int>.Value));
    }

    private static LambdaExpression NullTest(SortKey key)
    {
        var row = Expression.Parameter(typeof(T), "row");
        return Expression.Lambda(Expression.Equal(Rebind(key.Selector, row), Expression.Constant(null, key.Type)), row);
    }

    private static Expression Rebind(LambdaExpression selector, ParameterExpression row) =>
        new Rebinder(selector.Parameters[0], row).Visit(selector.Body);

    private static IOrderedQueryable<T> Then(IQueryable<T> rows, IOrderedQueryable<T>? ordered, LambdaExpression key, bool descending)
    {
        string name = ordered is null ? (descending ? "OrderByDescending" : "OrderBy") : (descending ? "ThenByDescending" : "ThenBy");
        var method = QueryableMethods[name].MakeGenericMethod(typeof(T), key.ReturnType);
        return (IOrderedQueryable<T>)(ordered ?? rows).Provider.CreateQuery<T>(
            Expression.Call(null, method, (ordered ?? rows).Expression, Expression.Quote(key)));
    }

    private static readonly Dictionary<string, MethodInfo> QueryableMethods = typeof(Queryable).GetMethods()
        .Where(m => m.Name is "OrderBy" or "OrderByDescending" or "ThenBy" or "ThenByDescending" && m.GetParameters().Length == 2)
        .ToDictionary(m => m.Name);

    private sealed record SortKey(LambdaExpression Selector, Type Type, bool Descending, Delegate Compiled)
    {
        public bool IsNullable => !Type.IsValueType || Nullable.GetUnderlyingType(Type) is not null;
    }

    private sealed class Rebinder(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}

/// <summary>A seek value held by an object, so that EF Core sends it as a parameter (a closure's member), not a literal.</summary>
internal sealed class KeysetValue<TValue>(TValue value)
{
    public TValue Value { get; } = value;
}
