using System.Text.Json;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Tests.Security;

public sealed class EngineStateTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("jm-engine-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string StatePath => Path.Combine(_directory.FullName, EngineState.FileName);

    [Fact]
    public void First_start_makes_an_rfc_3411_engine_id_with_boots_1()
    {
        var state = EngineState.Start(_directory.FullName, new ManualClock());

        byte[] engineId = state.EngineId;
        Assert.Equal(13, engineId.Length);
        Assert.Equal(new byte[] { 0x80, 0x00, 0x7E, 0xD9, 0x05 }, engineId[..5]); // 0x80000000 | 32473, format 5
        Assert.True(SnmpEngineId.IsValid(engineId));
        Assert.Equal(new EngineClock(1, 0), state.Now());
        Assert.True(File.Exists(StatePath));
    }

    [Fact]
    public void Every_start_keeps_the_engine_id_and_increments_boots()
    {
        var first = EngineState.Start(_directory.FullName, new ManualClock());
        var second = EngineState.Start(_directory.FullName, new ManualClock());
        var third = EngineState.Start(_directory.FullName, new ManualClock());

        Assert.Equal(first.EngineId, second.EngineId);
        Assert.Equal(first.EngineId, third.EngineId);
        Assert.Equal(1, first.Now().Boots);
        Assert.Equal(2, second.Now().Boots);
        Assert.Equal(3, third.Now().Boots);
        Assert.Empty(Directory.GetFiles(_directory.FullName, "*.tmp"));
    }

    [Fact]
    public void Engine_time_is_whole_seconds_since_start()
    {
        var clock = new ManualClock();
        var state = EngineState.Start(_directory.FullName, clock);

        clock.Advance(TimeSpan.FromSeconds(9.99));
        Assert.Equal(new EngineClock(1, 9), state.Now());
        clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(86_409, state.Now().Time);
    }

    [Fact]
    public void Engine_time_wraps_at_2_pow_31_minus_1_with_boots_plus_one_saved()
    {
        var clock = new ManualClock();
        var state = EngineState.Start(_directory.FullName, clock);

        clock.Advance(TimeSpan.FromSeconds(int.MaxValue - 1));
        Assert.Equal(new EngineClock(1, int.MaxValue - 1), state.Now());
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(new EngineClock(2, 0), state.Now());
        Assert.Equal(3, EngineState.Start(_directory.FullName, new ManualClock()).Now().Boots);
    }

    [Fact]
    public void Boots_latch_at_2147483647()
    {
        WriteState(new { version = 1, engineId = "80007ed9050102030405060708", engineBoots = int.MaxValue - 2 });

        var notYet = EngineState.Start(_directory.FullName, new ManualClock());
        Assert.Equal(int.MaxValue - 1, notYet.Now().Boots);
        Assert.False(notYet.IsBootsLatched);

        var latched = EngineState.Start(_directory.FullName, new ManualClock());
        Assert.Equal(int.MaxValue, latched.Now().Boots);
        Assert.True(latched.IsBootsLatched);

        var stillLatched = EngineState.Start(_directory.FullName, new ManualClock());
        Assert.Equal(int.MaxValue, stillLatched.Now().Boots);
        Assert.Equal("80007ED9050102030405060708", Convert.ToHexString(stillLatched.EngineId));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("""{ "version": 1, "engineId": "zz", "engineBoots": 4 }""")]
    [InlineData("""{ "version": 1, "engineId": "8000", "engineBoots": 4 }""")]
    [InlineData("""{ "version": 1, "engineId": "00000000000000", "engineBoots": 4 }""")]
    [InlineData("""{ "version": 1, "engineId": "80007ed9050102030405060708", "engineBoots": -3 }""")]
    [InlineData("""{ "version": 2, "engineId": "80007ed9050102030405060708", "engineBoots": 4 }""")]
    [InlineData("""{ "version": 1, "engineBoots": 4 }""")]
    public void A_corrupt_file_is_set_aside_and_a_new_engine_id_made(string content)
    {
        File.WriteAllText(StatePath, content);

        var state = EngineState.Start(_directory.FullName, new ManualClock());

        Assert.Equal(1, state.Now().Boots);
        Assert.NotEqual("80007ED9050102030405060708", Convert.ToHexString(state.EngineId));
        Assert.Equal(content, File.ReadAllText(StatePath + ".corrupt"));
        Assert.Equal(2, EngineState.Start(_directory.FullName, new ManualClock()).Now().Boots);
    }

    [Fact]
    public void The_file_holds_the_engine_id_in_hex_and_the_boots()
    {
        var state = EngineState.Start(_directory.FullName, new ManualClock());

        using var json = JsonDocument.Parse(File.ReadAllText(StatePath));
        Assert.Equal(1, json.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(Convert.ToHexString(state.EngineId), json.RootElement.GetProperty("engineId").GetString());
        Assert.Equal(1, json.RootElement.GetProperty("engineBoots").GetInt32());
    }

    [Fact]
    public void A_boots_value_that_cannot_be_saved_latches_boots_and_the_next_start_that_can_save_carries_on()
    {
        WriteState(new { version = 1, engineId = "80007ed9050102030405060708", engineBoots = 4 });
        // Unwritable even for root: the "state directory" is a plain file, so nothing can be created in it.
        string blocked = Path.Combine(_directory.FullName, "not-a-directory");
        File.WriteAllText(blocked, "");

        var latched = EngineState.Start(blocked, new ManualClock());
        Assert.Equal(int.MaxValue, latched.Now().Boots);
        Assert.True(latched.IsBootsLatched);

        Assert.Equal(5, EngineState.Start(_directory.FullName, new ManualClock()).Now().Boots);
        Assert.Empty(Directory.GetFiles(_directory.FullName, "*.tmp"));
    }

    [Fact]
    public void A_state_file_that_cannot_be_replaced_latches_boots_and_keeps_the_file()
    {
        WriteState(new { version = 1, engineId = "80007ed9050102030405060708", engineBoots = 4 });
        string saved = File.ReadAllText(StatePath);
        // A directory where the state file should be: neither read nor replaced, even by root (in practice: a full disk).
        string other = Path.Combine(_directory.FullName, "other");
        Directory.CreateDirectory(Path.Combine(other, EngineState.FileName, "blocker"));

        var latched = EngineState.Start(other, new ManualClock());
        Assert.True(latched.IsBootsLatched);
        Assert.True(Directory.Exists(Path.Combine(other, EngineState.FileName, "blocker")));
        Assert.Equal(saved, File.ReadAllText(StatePath)); // the good state elsewhere is not touched
        Assert.Empty(Directory.GetFiles(other, "*.tmp"));
    }

    private void WriteState(object content) => File.WriteAllText(StatePath, JsonSerializer.Serialize(content));
}
