using System.Net;
using Ludmin.Api.Tests.Support;

namespace Ludmin.Api.Tests;

/// <summary>
/// <c>Ludmin:ResetCodes:Delivery</c> = <c>Smtp</c>: the API's own sender mails the code the
/// request left in the pickup folder; the request still answers 202 alike for every address;
/// and <c>send-codes</c> does the same from a process of its own.
/// </summary>
[NonParallelizable]
public sealed class SmtpDeliveryTests
{
    [Test]
    public async Task RequestReset_WhenDeliveryIsSmtp_MailsTheCodeThatCompletesTheReset()
    {
        using var smtp = await SmtpTestServer.StartAsync();
        await using var factory = new LudminFactory(new LudminFactoryOptions { Settings = SmtpSettings(smtp.Port, "Smtp") });
        var api = new LudminApi(factory);
        var user = await api.RegisterAsync();
        var token = await api.PublicTokenAsync();

        using (var known = await api.SendAsync(HttpMethod.Post, "/users/reset", token.Token, new { email = user.Email }))
        using (var unknown = await api.SendAsync(HttpMethod.Post, "/users/reset", token.Token, new { email = Unique.Email("nobody") }))
        {
            await Expect.EmptyAsync(known, HttpStatusCode.Accepted);
            await Expect.EmptyAsync(unknown, HttpStatusCode.Accepted);
        }

        var message = (await smtp.MessagesAsync()).Single();
        Assert.That(message, Does.Contain($"X-Envelope-To: {user.Email}"));
        var code = System.Text.RegularExpressions.Regex.Match(message, @"reset code is (\d{6})\.").Groups[1].Value;
        using (var reset = await api.CompleteResetAsync(user.Email, code, "a brand new password"))
        {
            Assert.That(reset.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        await WaitUntilEmptyAsync(factory.PickupDirectory);
        Assert.That(await smtp.MessagesAsync(2), Has.Count.EqualTo(1), "nothing is mailed for an address nobody has");
    }

    [Test]
    public async Task SendCodes_WhenRunAsACommand_SendsWhatIsWaitingAndExits()
    {
        using var smtp = await SmtpTestServer.StartAsync();
        await using var factory = new LudminFactory(new LudminFactoryOptions { Settings = SmtpSettings(smtp.Port, "PickupDirectory") });
        var api = new LudminApi(factory);
        var user = await api.RegisterAsync();
        var code = await api.RequestResetCodeAsync(user.Email);

        var (exitCode, output) = await ProgramRun.RunProgramAsync(factory, SmtpEnvironment(smtp.Port), "send-codes");

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Contain("1 sent").And.Not.Contain(code));
        Assert.That((await smtp.MessagesAsync()).Single(), Does.Contain(code));
        Assert.That(Directory.GetFiles(factory.PickupDirectory, "*.json"), Is.Empty);
    }

    [Test]
    public async Task SendCodes_WhenTheServerIsDown_KeepsTheFilesAndExitsWithOne()
    {
        await using var factory = new LudminFactory();
        var api = new LudminApi(factory);
        var user = await api.RegisterAsync();
        await api.RequestResetCodeAsync(user.Email);

        var (exitCode, output) = await ProgramRun.RunProgramAsync(factory, SmtpEnvironment(SmtpTestServer.FreePort()), "send-codes");

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(output, Does.Contain("1 left"));
        Assert.That(Directory.GetFiles(factory.PickupDirectory, "*.json"), Has.Length.EqualTo(1));
    }

    private static Dictionary<string, string?> SmtpSettings(int port, string delivery) => new()
    {
        ["Ludmin:ResetCodes:Delivery"] = delivery,
        ["Ludmin:ResetCodes:Smtp:Host"] = "127.0.0.1",
        ["Ludmin:ResetCodes:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ludmin:ResetCodes:Smtp:From"] = "no-reply@ludmin.test",
        ["Ludmin:ResetCodes:Smtp:Security"] = "None",
        ["Ludmin:ResetCodes:Smtp:PollInterval"] = "00:00:00.100",
    };

    private static Dictionary<string, string?> SmtpEnvironment(int port) => new()
    {
        ["Ludmin__ResetCodes__Smtp__Host"] = "127.0.0.1",
        ["Ludmin__ResetCodes__Smtp__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ludmin__ResetCodes__Smtp__From"] = "no-reply@ludmin.test",
        ["Ludmin__ResetCodes__Smtp__Security"] = "None",
        ["Ludmin__ResetCodes__Smtp__Timeout"] = "00:00:05",
    };

    private static async Task WaitUntilEmptyAsync(string folder)
    {
        for (var attempt = 0; attempt < 100 && Directory.Exists(folder) && Directory.GetFiles(folder, "*.json").Length > 0; attempt++)
        {
            await Task.Delay(50);
        }

        Assert.That(Directory.GetFiles(folder, "*.json"), Is.Empty, "sent files are removed");
    }
}
