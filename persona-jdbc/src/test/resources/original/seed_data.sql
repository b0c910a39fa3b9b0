-- Rows written for these tests in the seed document's own forms: its example learner (survey in
-- codes), a course of two lessons with a description each, and a personalization with a key the
-- five fields do not cover.
insert into courses (id, slug, title, created_at) values
  ('5b7f8f0e-1111-4a4a-9c9c-000000000001', 'shvz', 'Массаж ШВЗ', now());
insert into lessons (id, course_id, lesson_number, title, summary, content, created_at) values
  ('5b7f8f0e-2222-4a4a-9c9c-000000000001', '5b7f8f0e-1111-4a4a-9c9c-000000000001', 1, 'Введение',
   'Знакомство с курсом', '{"transcription": "Добро пожаловать на курс. Сегодня мы познакомимся с устройством занятий."}', now()),
  ('5b7f8f0e-2222-4a4a-9c9c-000000000005', '5b7f8f0e-1111-4a4a-9c9c-000000000001', 5, 'Демонстрация',
   'Функциональный массаж', '{"transcription": "Это урок-демонстрация. Работаем с малой грудной мышцей и клювовидным отростком."}', now());
insert into lesson_descriptions (id, lesson_id, data, created_at) values
  ('5b7f8f0e-3333-4a4a-9c9c-000000000001', '5b7f8f0e-2222-4a4a-9c9c-000000000001', '{"template": {"👋 Введение": "О курсе"}}', now()),
  ('5b7f8f0e-3333-4a4a-9c9c-000000000005', '5b7f8f0e-2222-4a4a-9c9c-000000000005', '{"template": {"👋 Введение": "Демонстрация"}}', now());
insert into profiles (id, user_identifier, name, course_slug, survey, created_at) values
  ('a954c858-888d-4e68-b1cd-5d0b2943d207', '21179358', 'Alexey', 'shvz',
   '{"motivation": ["career_change", "help_others"], "target_clients": "office_workers",
     "skills_wanted": "pain_relief_techniques", "fears": ["hurting_clients"],
     "wow_result": "become_expert_massager", "practice_model": "friend"}', now());
insert into personalized_lesson_descriptions (id, profile_id, lesson_id, content, created_at) values
  ('5b7f8f0e-4444-4a4a-9c9c-000000000005', 'a954c858-888d-4e68-b1cd-5d0b2943d207', '5b7f8f0e-2222-4a4a-9c9c-000000000005',
   '{"summary_short": "Алексей, на этом занятии вы освоите основные приёмы функционального массажа.",
     "why_watch": "Вы хотите помогать офисным работникам снимать напряжение: здесь приёмы для мышц, которые страдают от сидячей работы.",
     "quick_action": "Приготовьте массажное масло и проработайте малую грудную мышцу на друге по инструкции.",
     "social_share": "Изучаю функциональный массаж, чтобы помогать офисным работникам! #массаж",
     "homework_20m": "Подготовьте масло, попросите друга помочь, найдите клювовидный отросток и практикуйтесь пятнадцать минут.",
     "badge": {"level": 1}}', now());
