"""The agents' and supervisors' own tools beside the wizard (issue 9): the register of sealed
letters, the « À suivre » list, the daily report and the counter's look-up."""
