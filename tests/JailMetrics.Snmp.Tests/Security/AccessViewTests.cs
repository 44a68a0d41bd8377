using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Tests.Security;

public class AccessViewTests
{
    private static AccessView View(string[] include, string[] exclude) =>
        AccessView.FromOptions(new ViewOptions { Name = "v", Include = [.. include], Exclude = [.. exclude] });

    [Fact]
    public void All_sees_everything()
    {
        Assert.True(AccessView.All.IsVisible(Oid.Parse("1.3.6.1.2.1.1.1.0")));
        Assert.True(AccessView.All.IsVisible(Oid.Parse("0.0")));
        Assert.True(AccessView.All.IsVisible(Oid.Parse("2.999")));
    }

    [Theory]
    [InlineData("1.3.6.1.2.1.1.1.0", true)]     // in mib-2
    [InlineData("1.3.6.1.2.1", true)]           // the subtree root itself
    [InlineData("1.3.6.1.2", false)]            // above the subtree
    [InlineData("1.3.6.1.2.10", false)]         // a sibling sharing a prefix of digits, not of arcs
    [InlineData("1.3.6.1.2.1.4.20.1.1", false)] // excluded ipAddrTable
    [InlineData("1.3.6.1.2.1.4.20.1.2.5", true)]// re-included column inside the excluded table
    [InlineData("1.3.6.1.2.1.4.1.0", true)]     // ip group outside the exclusion
    [InlineData("1.3.6.1.4.1.32473.1", true)]   // a second included subtree
    [InlineData("1.3.6.1.6.3.15.1.1.1.0", false)]
    public void The_most_specific_subtree_decides(string oid, bool visible)
    {
        var view = View(["1.3.6.1.2.1", "1.3.6.1.4.1.32473", "1.3.6.1.2.1.4.20.1.2"], ["1.3.6.1.2.1.4.20"]);
        Assert.Equal(visible, view.IsVisible(Oid.Parse(oid)));
    }

    [Fact]
    public void Exclude_wins_a_tie_and_nothing_is_visible_by_default()
    {
        Assert.False(View(["1.3.6.1"], ["1.3.6.1"]).IsVisible(Oid.Parse("1.3.6.1.2")));
        Assert.False(View([], []).IsVisible(Oid.Parse("1.3.6.1.2")));
        Assert.False(View([], ["1.3"]).IsVisible(Oid.Parse("1.4")));
    }

    [Fact]
    public void Bad_oids_and_names_are_config_errors()
    {
        var error = Assert.Throws<UsmConfigurationException>(() => View(["1.3.x"], []));
        Assert.Contains("view 'v'", error.Message);
        Assert.Contains("Include entry '1.3.x'", error.Message);
        Assert.Throws<UsmConfigurationException>(() => AccessView.FromOptions(new ViewOptions()));
        Assert.Throws<UsmConfigurationException>(() => new AccessViews([new ViewOptions { Name = "a" }, new ViewOptions { Name = "a" }]));
    }

    [Fact]
    public void Config_may_redefine_all()
    {
        var views = new AccessViews([new ViewOptions { Name = "all", Include = ["1.3.6.1.2.1"] }]);
        Assert.False(views.Get(null, "community 'public'").IsVisible(Oid.Parse("1.3.6.1.4.1")));
    }
}
