"""Events staff hold (fairs, exhibitions, buyer-seller meets, trainings, loan camps): who is invited,
the invitation and reminders, answers, CSV import, and the buyers a meet brings to the didis."""
