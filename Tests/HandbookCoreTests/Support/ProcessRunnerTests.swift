import Foundation
import Testing
@testable import HandbookCore

/// `ProcessRunner.run` (git's runner) on its own: output, status, and no pipe of one call leaking
/// into a command another thread starts at the same time.
@Suite struct ProcessRunnerTests {
    @Test func outputErrorAndStatusComeBackSeparately() throws {
        let output = try ProcessRunner.run(["sh", "-c", "printf out; printf err >&2; exit 3"])
        #expect(String(decoding: output.standardOutput, as: UTF8.self) == "out")
        #expect(String(decoding: output.standardError, as: UTF8.self) == "err")
        #expect(output.status == 3)
    }

    @Test func standardInputIsEmpty() throws {
        // A command that reads its input (a credential prompt) gets end of file at once: its
        // standard input is /dev/null (before, an empty pipe; never this process's own input).
        let output = try ProcessRunner.run(["sh", "-c", "readlink /proc/$$/fd/0; cat; echo done"])
        #expect(String(decoding: output.standardOutput, as: UTF8.self) == "/dev/null\ndone\n")
    }

    @Test func aMissingCommandIsAnError() {
        #expect(throws: ProcessRunner.Failure.self) { try ProcessRunner.run(["handbook-no-such-command-\(getpid())"]) }
    }

    /// A command sees only its own 0, 1 and 2: not the test harness's descriptors (before, it held
    /// every descriptor this process had open without close-on-exec), and not the pipes of
    /// another call whose command runs at the same time (before, it held their read ends and, in
    /// a narrower window, write ends, which kept the first call waiting for end of file until the
    /// second command exited).
    @Test func aCommandDoesNotInheritAnotherCallsPipes() throws {
        let alone = try openDescriptors()
        let started = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            started.signal()
            _ = try? ProcessRunner.run(["sleep", "1.5"])
            finished.signal()
        }
        started.wait()
        usleep(300_000)  // the sleeping command's pipes are open in this process by now
        let beside = try openDescriptors()
        finished.wait()
        #expect(alone == ["0", "1", "2"])
        #expect(beside == alone)
    }

    /// The descriptors a command started by `ProcessRunner.run` holds, by number (the shell's own).
    private func openDescriptors() throws -> [String] {
        let output = try ProcessRunner.run(["sh", "-c", "ls /proc/$$/fd"])
        return String(decoding: output.standardOutput, as: UTF8.self)
            .split(separator: "\n").map(String.init).sorted()
    }
}
