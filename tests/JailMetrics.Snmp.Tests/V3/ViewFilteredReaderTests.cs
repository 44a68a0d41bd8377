using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Security;
using JailMetrics.Snmp.Tests.Support;

namespace JailMetrics.Snmp.Tests.V3;

/// <summary>
/// The view filter (RFC 3415 view families, RFC 3416 §4.2.1–4.2.2 semantics) against the obvious
/// definition: Get of a hidden OID is noSuchObject, GetNext is the first visible instance after the
/// OID. Random views over random trees, including arcs at 2³²−1 where a subtree's end carries.
/// </summary>
public sealed class ViewFilteredReaderTests
{
    [Fact]
    public void Matches_the_naive_filter_on_random_views_and_trees()
    {
        var random = new Random(20240607);
        for (int round = 0; round < 300; round++)
        {
            var oids = Enumerable.Range(0, random.Next(1, 60)).Select(_ => RandomOid(random)).Distinct().ToList();
            var builder = new MibViewBuilder();
            foreach (var oid in oids) builder.Add(oid, SnmpValue.Integer(oid.Length));
            var tree = builder.Build();
            var sorted = tree.Entries.Select(entry => entry.Key).ToList();

            var included = Enumerable.Range(0, random.Next(0, 4)).Select(_ => Prefix(oids[random.Next(oids.Count)], random)).ToList();
            var excluded = Enumerable.Range(0, random.Next(0, 4)).Select(_ => Prefix(oids[random.Next(oids.Count)], random)).ToList();
            if (random.Next(4) == 0) included.Add(new Oid());
            var view = new AccessView("random", included, excluded);
            var filtered = ViewFilteredReader.Over(tree, view);

            var probes = sorted.Concat(Enumerable.Range(0, 20).Select(_ => RandomOid(random))).Append(new Oid()).ToList();
            foreach (var probe in probes)
            {
                var expectedNext = sorted.FirstOrDefault(oid => oid > probe && view.IsVisible(oid));
                bool found = filtered.TryGetNext(probe, out var next, out var value);
                Assert.Equal(expectedNext is not null, found);
                if (found)
                {
                    Assert.Equal(expectedNext, next);
                    Assert.Equal(tree.Get(next), value);
                }
                else
                {
                    Assert.Equal(probe, next);
                    Assert.Equal(SnmpValue.EndOfMibView, value);
                }

                var got = filtered.Get(probe);
                Assert.Equal(view.IsVisible(probe) ? tree.Get(probe) : SnmpValue.NoSuchObject, got);
            }
        }
    }

    [Fact]
    public void The_builtin_all_view_is_not_wrapped()
    {
        var tree = TestViews.Jails();
        Assert.Same(tree, ViewFilteredReader.Over(tree, AccessView.All));
    }

    [Fact]
    public void Next_boundary_carries_past_the_largest_arc()
    {
        var view = new AccessView("v", [Oid.Parse("1.3")], [new Oid(1, 3, uint.MaxValue)]);
        Assert.Equal(new Oid(1, 3, uint.MaxValue), view.NextBoundaryAfter(Oid.Parse("1.3.7")));
        Assert.Equal(Oid.Parse("1.4"), view.NextBoundaryAfter(new Oid(1, 3, uint.MaxValue, 5)));
        Assert.Null(view.NextBoundaryAfter(Oid.Parse("1.4")));
    }

    private static Oid RandomOid(Random random)
    {
        int length = random.Next(1, 6);
        var arcs = new uint[length];
        for (int i = 0; i < length; i++) arcs[i] = random.Next(8) == 0 ? uint.MaxValue - (uint)random.Next(2) : (uint)random.Next(4);
        return new Oid(arcs);
    }

    private static Oid Prefix(Oid oid, Random random) => new(oid.Arcs[..random.Next(0, oid.Length + 1)]);
}
