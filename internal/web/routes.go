package web

import "github.com/gofiber/fiber/v2"

// routes is every route of the app, one table per surface, so the whole
// HTTP surface is visible here.
func (s *Server) routes() {
	app := s.app
	app.Use(s.recoverPanics, s.requestID, s.accessLog, s.deadline, s.securityHeaders, s.compress(), s.language, s.loadSession)

	// Operations.
	app.Get("/healthz", s.healthz)
	app.Get("/readyz", s.readyz)
	app.Get("/metrics", s.metricsHandler())
	app.Get("/static/:file", s.staticFile)
	app.Get("/sw.js", s.serviceWorker)
	app.Get("/courses/:slug/images/:file", s.courseImage)

	// Pages. Every page route checks the CSRF token of forms.
	page := func(method, path string, handlers ...fiber.Handler) {
		app.Add(method, path, append([]fiber.Handler{s.csrf}, handlers...)...)
	}
	page(fiber.MethodGet, "/", s.homePage)
	page(fiber.MethodGet, "/lang/:lang", s.setLanguage)
	page(fiber.MethodGet, "/signup", s.signupPage)
	page(fiber.MethodPost, "/signup", s.signupSubmit)
	page(fiber.MethodGet, "/signin", s.signinPage)
	page(fiber.MethodPost, "/signin", s.signinSubmit)
	page(fiber.MethodPost, "/signout", s.signoutSubmit)
	page(fiber.MethodGet, "/profile", s.requirePageUser, s.profilePage)
	page(fiber.MethodPost, "/profile", s.requirePageUser, s.profileSubmit)
	page(fiber.MethodPost, "/profile/secret", s.requirePageUser, s.secretSubmit)
	page(fiber.MethodGet, "/settings", s.settingsPage)
	page(fiber.MethodPost, "/settings", s.settingsSubmit)
	page(fiber.MethodGet, "/offline", s.offlinePage)
	page(fiber.MethodGet, "/courses", s.coursesPage)
	page(fiber.MethodGet, "/courses/:slug", s.coursePage)
	page(fiber.MethodGet, "/courses/:slug/lessons/:lesson", s.lessonPage)
	page(fiber.MethodPost, "/courses/:slug/lessons/:lesson/complete", s.requirePageUser, s.completeSubmit)
	page(fiber.MethodGet, "/progress", s.requirePageUser, s.progressPage)
	page(fiber.MethodGet, "/quizzes/:id", s.quizPage)
	page(fiber.MethodPost, "/quizzes/:id/start", s.requirePageUser, s.quizStart)
	page(fiber.MethodGet, "/attempts/:id", s.requirePageUser, s.attemptPage)
	page(fiber.MethodPost, "/attempts/:id/answers/:item", s.requirePageUser, s.answerSubmit)
	page(fiber.MethodPost, "/attempts/:id/submit", s.requirePageUser, s.submitForm)

	// JSON API, described by /api/v1/openapi.json.
	api := app.Group("/api/v1", s.apiCSRF)
	api.Get("/openapi.json", s.openAPIDocument)
	api.Get("/units", s.apiUnits)
	api.Get("/ethnicities", s.apiEthnicities)
	api.Post("/auth/register", s.apiRegister)
	api.Post("/auth/login", s.apiLogin)
	api.Post("/auth/logout", s.apiLogout)
	api.Get("/me", s.requireAPIUser, s.apiMe)
	api.Patch("/me", s.requireAPIUser, s.apiUpdateMe)
	api.Post("/me/secret", s.requireAPIUser, s.apiChangeSecret)
	api.Get("/users/:id", s.requireAPIUser, s.apiUser)
	api.Put("/me/prefs", s.requireAPIUser, s.apiPutPrefs)
	api.Get("/me/progress", s.requireAPIUser, s.apiMyProgress)
	api.Get("/courses", s.apiCourses)
	api.Get("/courses/:slug", s.apiCourse)
	api.Get("/courses/:slug/lessons/:lesson", s.apiLesson)
	api.Post("/courses/:slug/lessons/:lesson/complete", s.requireAPIUser, s.apiComplete)
	api.Get("/me/skills", s.requireAPIUser, s.apiMySkills)
	api.Get("/quizzes/:id", s.apiQuiz)
	api.Get("/quizzes/:id/stats", s.requireAPIUser, s.apiQuizStats)
	api.Post("/quizzes/:id/attempts", s.requireAPIUser, s.apiStartAttempt)
	api.Get("/attempts/:id", s.requireAPIUser, s.apiAttempt)
	api.Put("/attempts/:id/answers/:item", s.requireAPIUser, s.apiSaveAnswer)
	api.Post("/attempts/:id/submit", s.requireAPIUser, s.apiSubmit)
	api.Use(s.apiNotFound)

	app.Use(s.pageNotFound)
}
