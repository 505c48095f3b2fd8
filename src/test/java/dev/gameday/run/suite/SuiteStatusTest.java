package dev.gameday.run.suite;

import static dev.gameday.run.RunStatus.ABORTED;
import static dev.gameday.run.RunStatus.ERROR;
import static dev.gameday.run.RunStatus.FAIL;
import static dev.gameday.run.RunStatus.PASS;
import static dev.gameday.run.RunStatus.SKIPPED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.cli.ExitStatus;
import dev.gameday.run.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuiteStatusTest {

    private static RunStatus suiteOf(RunStatus... runs) {
        RunStatus suite = PASS;
        for (RunStatus run : runs) {
            suite = SuiteRunner.worse(suite, run);
        }
        return suite;
    }

    @Test
    void aSuitePassesOnlyWhenEveryRunPassed() {
        assertThat(suiteOf(PASS, PASS, PASS)).isEqualTo(PASS);
        assertThat(suiteOf(PASS, SKIPPED)).isEqualTo(ERROR);
    }

    @Test
    void aBrokenPromiseOutweighsARunThatCouldNotJudge() {
        assertThat(suiteOf(FAIL, ABORTED)).isEqualTo(FAIL);
        assertThat(suiteOf(ABORTED, FAIL)).isEqualTo(FAIL);
        assertThat(suiteOf(ERROR, PASS, FAIL, ERROR)).isEqualTo(FAIL);
    }

    @Test
    void anAbortOutweighsAnError() {
        assertThat(suiteOf(ERROR, ABORTED)).isEqualTo(ABORTED);
        assertThat(suiteOf(ABORTED, ERROR)).isEqualTo(ABORTED);
    }

    @Test
    void exitStatusIsZeroForPassOneForFailTwoForEverythingElse() {
        assertThat(ExitStatus.of("PASS").code).isZero();
        assertThat(ExitStatus.of("FAIL").code).isEqualTo(1);
        for (String other : List.of("ABORTED", "ERROR", "SKIPPED", "RUNNING", "INTERRUPTED", "")) {
            assertThat(ExitStatus.of(other).code).as(other).isEqualTo(2);
        }
    }
}
