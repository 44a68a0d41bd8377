using JailMetrics.Service.Web.Security;

namespace JailMetrics.Tests.Web;

public sealed class BasicAuthVerifierTests
{
    [Fact]
    public async Task A_hash_made_by_htpasswd_lets_its_user_in_with_that_password_only()
    {
        string hash = Htpasswd.Hash("alice", "wonder land");
        var verifier = new BasicAuthVerifier(new Dictionary<string, string> { ["alice"] = hash });

        Assert.True(verifier.Enabled);
        Assert.True(await verifier.VerifyAsync("alice", "wonder land", default));
        Assert.True(await verifier.VerifyAsync("alice", "wonder land", default)); // from the cache
        Assert.False(await verifier.VerifyAsync("alice", "wonder land!", default));
        Assert.False(await verifier.VerifyAsync("Alice", "wonder land", default));
        Assert.False(await verifier.VerifyAsync("bob", "wonder land", default));
    }

    [Fact]
    public async Task A_remembered_success_does_not_outlive_a_changed_hash()
    {
        var old = new BasicAuthVerifier(new Dictionary<string, string> { ["alice"] = BcryptPassword.Hash("old", 4) });
        Assert.True(await old.VerifyAsync("alice", "old", default));

        var changed = new BasicAuthVerifier(new Dictionary<string, string> { ["alice"] = BcryptPassword.Hash("new", 4) });
        Assert.False(await changed.VerifyAsync("alice", "old", default));
        Assert.True(await changed.VerifyAsync("alice", "new", default));
    }

    [Fact]
    public void No_users_means_no_authentication()
    {
        Assert.False(new BasicAuthVerifier(new Dictionary<string, string>()).Enabled);
    }

    [Theory]
    [InlineData("Basic YWxpY2U6cGE6c3M=", "alice", "pa:ss")]
    [InlineData("basic YWxpY2U6", "alice", "")]
    [InlineData("Bearer YWxpY2U6cGE6c3M=", null, null)]
    [InlineData("Basic !!!", null, null)]
    [InlineData("Basic YWxpY2U=", null, null)]
    [InlineData("", null, null)]
    public void The_authorization_header_is_read_as_RFC_7617_says(string header, string? user, string? password)
    {
        var parsed = WebSecurityMiddleware.ParseBasic(header);

        Assert.Equal(user, parsed?.User);
        Assert.Equal(password, parsed?.Password);
    }
}
