-- Rows as the original system wrote them: a course, two lessons (transcript in content), a
-- profile with legacy survey codes, a profile with an unknown course slug, personalizations in
-- the engine's 7-section format and the legacy 5-field format, and a base description.
insert into courses (id, slug, title) values
  ('11111111-1111-1111-1111-111111111111', 'massazh-shvz', 'Массаж ШВЗ');
insert into lessons (id, course_id, lesson_number, title, summary, content) values
  ('22222222-2222-2222-2222-222222222221', '11111111-1111-1111-1111-111111111111', 1, 'Урок введение.', '',
   '{"transcription": "Добро пожаловать на курс. Сегодня мы познакомимся.", "transcription_length": 49}'),
  ('22222222-2222-2222-2222-222222222222', '11111111-1111-1111-1111-111111111111', 2, 'Мышцы ШВЗ', null,
   '{"template": {"👋 Введение": "Мышцы шеи."}, "kinescope_play_id": "5NRs6UHWgMX9RtHqxNGy8j"}');
insert into lesson_descriptions (lesson_id, data) values
  ('22222222-2222-2222-2222-222222222221', '{"template": {"👋 Введение": "Знакомство с курсом.", "📚 Домашнее задание": "Посмотрите видео."}}');
insert into profiles (id, user_identifier, name, course_slug, survey) values
  ('33333333-3333-3333-3333-333333333331', '21179358', 'Анастасия', 'massazh-shvz',
   '{"experience": "none", "motivation": ["extra_income", "help_family"], "fears": [], "fears_other": "конкуренция", "practice_model": "5 любовников", "uid": "21179358"}'),
  ('33333333-3333-3333-3333-333333333332', 'guest_1759784568', 'Гость', 'shvz',
   '{"motivation": "Тестирование"}');
insert into personalized_lesson_descriptions (profile_id, lesson_id, content) values
  ('33333333-3333-3333-3333-333333333331', '22222222-2222-2222-2222-222222222221',
   '{"introduction": "Анастасия, добро пожаловать!", "why_it_matters_for_you": "Потому что...", "key_takeaways": ["Вы узнаете А"], "practical_application": "Применяйте...", "addressing_fears": "Не бойтесь.", "personalized_homework": "Посмотрите урок.", "motivational_quote": "Вперёд!"}'),
  ('33333333-3333-3333-3333-333333333331', '22222222-2222-2222-2222-222222222222',
   '{"summary_short": "Кратко", "prev_lessons": "", "why_watch": "Зачем", "quick_action": "Сделайте", "social_share": "#массаж", "homework_20m": "1. Раз"}');
