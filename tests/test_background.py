"""core.parallel.in_background: a task made on another process gives what it gives in this one."""
import os

import pytest

from generator.core.parallel import in_background


def _pid_and_total(numbers):
    return os.getpid(), sum(numbers)


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_result_is_the_tasks_whatever_the_jobs(jobs):
    numbers = list(range(1000))
    with in_background(lambda: _pid_and_total(numbers), jobs) as ready:
        numbers.append(10**6)  # after the fork: another process does not see it
        pid, total = ready()
    if jobs == 1:  # run when asked, here: it sees the list as it is then
        assert (pid, total) == (os.getpid(), sum(range(1000)) + 10**6)
    else:
        assert pid != os.getpid() and total == sum(range(1000))


def test_a_failure_in_the_task_is_raised_to_the_caller():
    def failing():
        raise ValueError("no such entity")

    with pytest.raises(ValueError, match="no such entity"), in_background(failing, 2) as ready:
        ready()
