import Foundation

/// The API contract, kept in the repository as `openapi.json` and served as is.
enum OpenAPIDocument {
    static let data: Data = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "json"), let data = try? Data(contentsOf: url) else {
            fatalError("openapi.json is missing from the server's resources")
        }
        return data
    }()
}
