using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Tests;

public class MibViewTests
{
    private static readonly Oid Column = Oid.Parse("1.3.6.1.4.1.32473.1.2.1.2");

    private static MibView TwoRowTable() => new MibViewBuilder()
        .AddObjectType(Column)
        .Add(Column.Append(10), SnmpValue.OctetString("db"))
        .Add(Column.Append(2), SnmpValue.OctetString("www"))
        .Add(Oid.Parse("1.3.6.1.2.1.1.5.0"), SnmpValue.OctetString("box"))
        .Build();

    [Fact]
    public void Oids_order_as_getnext_walks_them_unsigned_and_prefix_first()
    {
        Assert.True(Oid.Parse("1.1.2") < Oid.Parse("1.1.10"));
        Assert.True(Oid.Parse("1.1") < Oid.Parse("1.1.0"));
        Assert.True(Oid.Parse("1.1.4294967295") > Oid.Parse("1.1.2147483648"));
        Assert.Equal("1.3.6.1", Oid.Parse(".1.3.6.1").ToString());
        Assert.Throws<FormatException>(() => Oid.Parse("1.3.x"));
        Assert.Throws<FormatException>(() => Oid.Parse("1.4294967296"));
    }

    [Fact]
    public void Getnext_walks_the_whole_view_in_order_then_ends()
    {
        var view = TwoRowTable();
        var walked = new List<string>();
        var at = new Oid();
        while (view.TryGetNext(at, out var next, out var value))
        {
            walked.Add($"{next}={value}");
            at = next;
        }

        Assert.Equal(
        [
            "1.3.6.1.2.1.1.5.0=STRING: box",
            "1.3.6.1.4.1.32473.1.2.1.2.2=STRING: www",
            "1.3.6.1.4.1.32473.1.2.1.2.10=STRING: db",
        ], walked);
        Assert.False(view.TryGetNext(Oid.Parse("1.3.6.1.4.1.32473.1.2.1.2.10"), out var end, out var endValue));
        Assert.Equal(SnmpValue.EndOfMibView, endValue);
        Assert.Equal(Oid.Parse("1.3.6.1.4.1.32473.1.2.1.2.10"), end);
    }

    [Fact]
    public void Getnext_from_between_instances_finds_the_successor()
    {
        Assert.True(TwoRowTable().TryGetNext(Column.Append(3), out var next, out _));
        Assert.Equal(Column.Append(10), next);
    }

    [Fact]
    public void Getnext_answers_alike_whatever_was_asked_before_and_from_several_threads_at_once()
    {
        // GetNext keeps where it last answered as a shortcut for walks; it must never change an answer.
        var builder = new MibViewBuilder();
        for (uint column = 2; column <= 5; column++)
        {
            for (uint row = 1; row <= 50; row++) builder.Add(Column.Append(column, row * 2), SnmpValue.Integer((int)row));
        }
        var view = builder.Build();
        var instances = view.Entries.Select(entry => entry.Key).ToArray();

        Oid Expected(Oid from) => instances.FirstOrDefault(instance => instance.CompareTo(from) > 0) ?? from;

        void AskInRandomOrder(int seed)
        {
            var random = new Random(seed);
            var at = instances[0];
            for (int i = 0; i < 5000; i++)
            {
                Oid from = random.Next(5) switch
                {
                    0 => at,                                                             // continuing a walk: the view's own object
                    1 => new Oid(at.Arcs),                                               // the manager's next request: an equal copy
                    2 => Column.Append((uint)random.Next(1, 7), (uint)random.Next(0, 102)), // anywhere, often between instances
                    3 => instances[random.Next(instances.Length)],                     // an unrelated instance
                    _ => Oid.Parse("1.3.6.1.4.1.32473.1.2.1.9"),                         // past the end
                };
                bool found = view.TryGetNext(from, out var next, out _);
                Assert.Equal(Expected(from), next);
                Assert.Equal(from < instances[^1], found);
                at = found ? next : instances[0];
            }
        }

        AskInRandomOrder(seed: 1);
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, AskInRandomOrder);
    }

    [Fact]
    public void Get_distinguishes_a_missing_instance_from_a_missing_object()
    {
        var view = TwoRowTable();

        Assert.Equal(SnmpValue.OctetString("www"), view.Get(Column.Append(2)));
        Assert.Equal(SnmpValue.NoSuchInstance, view.Get(Column.Append(7)));
        Assert.Equal(SnmpValue.NoSuchObject, view.Get(Column));
        Assert.Equal(SnmpValue.NoSuchObject, view.Get(Oid.Parse("1.3.6.1.4.1.32473.1.2.1.3.2")));
        Assert.Equal(SnmpValue.NoSuchObject, view.Get(Oid.Parse("1.3.6.1.2.1.1.4.0")));
    }

    [Fact]
    public void Adding_an_instance_twice_is_refused()
    {
        var builder = new MibViewBuilder().Add(Column.Append(1), SnmpValue.Integer(1)).Add(Column.Append(1), SnmpValue.Integer(2));
        Assert.Throws<InvalidOperationException>(builder.Build);
    }

    [Fact]
    public void An_instance_added_twice_out_of_order_is_refused_too()
    {
        var builder = new MibViewBuilder()
            .Add(Column.Append(3), SnmpValue.Integer(1))
            .Add(Column.Append(1), SnmpValue.Integer(2))
            .Add(Column.Append(3), SnmpValue.Integer(3));
        Assert.Throws<InvalidOperationException>(builder.Build);
    }

    [Fact]
    public void Instances_added_out_of_order_are_served_in_GetNext_order()
    {
        var view = new MibViewBuilder()
            .Add(Column.Append(10), SnmpValue.Integer(10))
            .Add(Column.Append(2), SnmpValue.Integer(2))
            .Add(Column.Append(2, 1), SnmpValue.Integer(21))
            .Build();
        Assert.Equal([Column.Append(2), Column.Append(2, 1), Column.Append(10)], view.Entries.Select(e => e.Key));
        Assert.Equal(SnmpValue.Integer(21), view.Get(Column.Append(2, 1)));
    }
}
