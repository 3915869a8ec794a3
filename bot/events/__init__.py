"""Events staff hold (fairs, exhibitions, buyer-seller meets, trainings, loan camps): who is invited,
the invitation (a notice) and reminders, answers, CSV import, and the buyers a meet brings to the didis."""
from . import notice_link

notice_link.register()  # the notice engine sends the invitations: it learns their options and meet buyers
