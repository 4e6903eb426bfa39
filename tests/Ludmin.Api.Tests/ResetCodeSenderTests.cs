using System.Threading.Channels;
using Ludmin.Api.Tests.Support;
using Ludmin.Application.Common.Ports;
using Ludmin.Infrastructure.ResetCodes;
using Ludmin.Infrastructure.ResetCodes.Sending;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Ludmin.Api.Tests;

/// <summary>
/// The sender against a real SMTP server (aiosmtpd): each pickup file becomes one message with
/// its code and expiry, and is removed once sent; expired files go unsent; while the server is
/// down every file stays, and goes out once it is up. The logs never hold a code or an address.
/// </summary>
[NonParallelizable]
public sealed class ResetCodeSenderTests
{
    private string _pickup = null!;
    private LogCapture _logs = null!;

    [SetUp]
    public void CreateFolder()
    {
        _pickup = Directory.CreateTempSubdirectory("ludmin-pickup-").FullName;
        _logs = new LogCapture();
    }

    [TearDown]
    public void DeleteFolder()
    {
        _logs.Dispose();
        Directory.Delete(_pickup, recursive: true);
    }

    [Test]
    public async Task SendPending_WhenTheServerIsUp_MailsEachCodeAndRemovesItsFile()
    {
        using var server = await SmtpTestServer.StartAsync();
        await WriteAsync("ann@example.com", "048213", TimeSpan.FromMinutes(15));
        await WriteAsync("bob@example.com", "771900", TimeSpan.FromMinutes(10));

        var pass = await Sender(server.Port).SendPendingAsync(CancellationToken.None);

        Assert.That(pass, Is.EqualTo(new SendPendingResult(2, 0, 0, 0, Failed: false)));
        var messages = await server.MessagesAsync(2);
        var ann = messages.Single(m => m.Contains("X-Envelope-To: ann@example.com", StringComparison.Ordinal));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(messages, Has.Count.EqualTo(2));
            Assert.That(ann, Does.Contain("Subject: Your password reset code"));
            Assert.That(ann, Does.Contain("From: Ludmin <no-reply@ludmin.test>"));
            Assert.That(ann, Does.Contain("Your password reset code is 048213."), "the text body");
            Assert.That(ann, Does.Contain("<strong").And.Contain(">048213</strong>"), "the HTML body");
            Assert.That(ann, Does.Contain("about 15 minutes").Or.Contain("about 14 minutes"));
            Assert.That(messages.Single(m => m.Contains("bob@example.com", StringComparison.Ordinal)), Does.Contain("771900").And.Not.Contain("048213"));
            Assert.That(Directory.GetFiles(_pickup), Is.Empty, "sent files are removed");
            Assert.That(_logs.AllText, Does.Not.Contain("048213").And.Not.Contain("771900").And.Not.Contain("example.com"));
        }
    }

    [Test]
    public async Task SendPending_WhenTheServerIsDown_KeepsTheFile_AndSendsItOnceTheServerIsUp()
    {
        var port = SmtpTestServer.FreePort();
        await WriteAsync("ann@example.com", "512098", TimeSpan.FromMinutes(15));
        var sender = Sender(port);

        var down = await sender.SendPendingAsync(CancellationToken.None);

        Assert.That(down, Is.EqualTo(new SendPendingResult(0, 0, 0, 1, Failed: true)));
        Assert.That(Directory.GetFiles(_pickup, "*.json"), Has.Length.EqualTo(1), "the file waits for the server");
        Assert.That(_logs.Entries.Any(e => e.EventId.Name == "ResetCodeServerUnavailable"), Is.True);

        using var server = await SmtpTestServer.StartAsync(port);
        var up = await sender.SendPendingAsync(CancellationToken.None);

        Assert.That(up, Is.EqualTo(new SendPendingResult(1, 0, 0, 0, Failed: false)));
        Assert.That((await server.MessagesAsync()).Single(), Does.Contain("512098"));
        Assert.That(Directory.GetFiles(_pickup), Is.Empty);
        Assert.That(_logs.AllText, Does.Not.Contain("512098").And.Not.Contain("ann@example.com"));
    }

    [Test]
    public async Task Watch_WhenTheServerComesUpLater_RetriesWithBackoffUntilTheCodeGoesOut()
    {
        var port = SmtpTestServer.FreePort();
        await WriteAsync("ann@example.com", "300417", TimeSpan.FromMinutes(15));
        var clock = new WaitRecordingClock(DateTimeOffset.UtcNow);
        using var stop = new CancellationTokenSource();
        var watching = Sender(port, clock).WatchAsync(stop.Token);

        // Each wait is on the fake clock, which moves on exactly as far as the sender asked.
        var waits = new List<TimeSpan>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            waits.Add(await clock.NextWaitAsync());
            if (attempt < 2)
            {
                clock.Advance(waits[^1]);
            }
        }

        Assert.That(waits, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400) }), "the retry delay doubles up to its bound");
        Assert.That(_logs.Entries.Count(e => e.EventId.Name == "ResetCodeServerUnavailable"), Is.EqualTo(3));
        Assert.That(Directory.GetFiles(_pickup, "*.json"), Has.Length.EqualTo(1));

        using var server = await SmtpTestServer.StartAsync(port);
        clock.Advance(waits[^1]);
        var afterSending = await clock.NextWaitAsync();
        var messages = await server.MessagesAsync();
        await stop.CancelAsync();
        await watching;

        Assert.That(messages.Single(), Does.Contain("300417"));
        Assert.That(Directory.GetFiles(_pickup), Is.Empty);
        Assert.That(afterSending, Is.EqualTo(TimeSpan.FromMilliseconds(100)), "after a send that worked, the poll interval again");
    }

    [Test]
    public async Task SendPending_WhenACodeHasExpired_RemovesItUnsent()
    {
        using var server = await SmtpTestServer.StartAsync();
        await WriteAsync("ann@example.com", "111111", TimeSpan.FromMinutes(-1));

        var pass = await Sender(server.Port).SendPendingAsync(CancellationToken.None);

        Assert.That(pass, Is.EqualTo(new SendPendingResult(0, 1, 0, 0, Failed: false)));
        Assert.That(Directory.GetFiles(_pickup), Is.Empty);
        Assert.That(await server.MessagesAsync(), Is.Empty);
    }

    [Test]
    public async Task SendPending_WhenAFileIsNotACode_SetsItAsideAndSendsTheOthers()
    {
        using var server = await SmtpTestServer.StartAsync();
        await File.WriteAllTextAsync(Path.Combine(_pickup, "broken.json"), "{ not json");
        await WriteAsync("ann@example.com", "222333", TimeSpan.FromMinutes(15));

        var pass = await Sender(server.Port).SendPendingAsync(CancellationToken.None);

        Assert.That(pass, Is.EqualTo(new SendPendingResult(1, 0, 1, 0, Failed: false)));
        Assert.That(Directory.GetFiles(_pickup).Select(Path.GetFileName), Is.EqualTo(new[] { "broken.json.invalid" }));
    }

    private int FailedTries => _logs.Entries.Count(e => e.EventId.Name == "ResetCodeServerUnavailable");

    /// <summary>
    /// Moves the fake clock on in steps of 10 ms until <paramref name="done"/> holds (each step
    /// given a moment of real time for the sender to act on it); the answer is how far it moved.
    /// </summary>
    private static async Task<TimeSpan> AdvanceUntilAsync(FakeTimeProvider clock, Func<bool> done)
    {
        var moved = TimeSpan.Zero;
        for (var step = 0; step < 2_000; step++)
        {
            for (var settle = 0; settle < 20 && !done(); settle++)
            {
                await Task.Delay(5);
            }

            if (done())
            {
                return moved;
            }

            clock.Advance(TimeSpan.FromMilliseconds(10));
            moved += TimeSpan.FromMilliseconds(10);
        }

        throw new TimeoutException("the sender never got there");
    }

    private ResetCodeSender Sender(int port, TimeProvider? clock = null) => new(
        _pickup,
        new SmtpSenderOptions
        {
            Host = "127.0.0.1",
            Port = port,
            From = "Ludmin <no-reply@ludmin.test>",
            Security = SmtpSecurity.None,
            PollInterval = TimeSpan.FromMilliseconds(100),
            RetryDelay = TimeSpan.FromMilliseconds(100),
            MaxRetryDelay = TimeSpan.FromMilliseconds(400),
            Timeout = TimeSpan.FromSeconds(10),
        },
        clock ?? TimeProvider.System,
        LoggerFactory.Create(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace)).CreateLogger<ResetCodeSender>());

    private async Task WriteAsync(string email, string code, TimeSpan expiresIn)
    {
        using var delivery = new PickupDirectoryResetCodeDelivery(_pickup);
        await delivery.DeliverAsync(new ResetCodeMessage(email, code, DateTimeOffset.UtcNow.Add(expiresIn)), CancellationToken.None);
    }

    /// <summary>A fake clock that tells each wait the sender starts on it, so a test moves it on by exactly that much.</summary>
    private sealed class WaitRecordingClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _waits.Writer.TryWrite(dueTime);
            return timer;
        }

        /// <summary>The next wait started; bounded, so a sender that never waits fails the test instead of hanging it.</summary>
        public async Task<TimeSpan> NextWaitAsync() => await _waits.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }
}
