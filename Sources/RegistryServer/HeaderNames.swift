import HTTPTypes

extension HTTPField.Name {
    // Names the HTTP types package does not define. Each literal is a valid
    // field name, so the initialiser cannot fail: no request reaches these.
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}
